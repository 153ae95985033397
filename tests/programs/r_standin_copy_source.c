// TEST: a memcpy whose source pointer is loaded from a local table holding both an enzyme_const input and an enzyme_dup one: when the run picks the constant input, its shadow is a stand-in (the primal itself), and the copy's adjoint must not be added into the constant input (it was, silently changing the caller's data); when it picks the active one, the gradient flows; checked at both choices, with the input afterwards
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

static volatile int PICK;

static double pick_copy(double *w, const double *x) {
  const double *table[2] = {x, w};
  double a[3];
  memcpy(a, table[PICK], sizeof a);
  double s = 0.0;
  for (int i = 0; i < 3; i++) s += a[i] * w[i] * (i + 1);
  return s;
}

static const double X0[3] = {0.5, -0.3, 0.8};
static double W0[3] = {1.5, 2.0, -1.0};
static double pick_w(double *w) {
  double x[3] = {X0[0], X0[1], X0[2]};
  return pick_copy(w, x);
}

int main(void) {
  for (PICK = 0; PICK < 2; PICK++) {
    double x[3] = {X0[0], X0[1], X0[2]}, w[3] = {W0[0], W0[1], W0[2]}, dw[3] = {0};
    __enzyme_autodiff((void *)pick_copy, enzyme_dup, w, dw, enzyme_const, x);
    ck_gradient(PICK ? "copy from the active input" : "copy from the constant input", dw, pick_w, W0, 3);
    for (int i = 0; i < 3; i++) CHECK_PRIMAL("constant input unchanged", x[i], X0[i]);
  }
  return ck_done();
}
