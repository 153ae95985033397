// TEST: reverse mode through helpers that return one of their pointer arguments, picked at run time, where one argument is an enzyme_const input and the other an enzyme_dup one: the result may be a stand-in for the constant input, so its loads' adjoints are guarded (the constant input stays unchanged) and reach the dup input's shadow when it was picked; also a helper returning an offset into its argument (a possible stand-in passed on to another differentiated call is refused: that needs run-time activity in the callee)
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);

__attribute__((noinline)) static const double *pick(const double *a, const double *b, int k) { return k ? a : b; }
__attribute__((noinline)) static const double *skip(const double *a, int n) { return a + n; }

static double f(double *w, const double *c, int k) {
  const double *p = pick(c, w, k);
  const double *q = pick(skip(w, 1), skip(c, 2), k >> 1);
  return p[0] * w[0] + p[1] * w[1] + q[0] * q[1] * w[2] + sin(skip(w, 1)[0]);
}

static const double C0[4] = {2.0, 3.0, -1.0, 0.5};
static double C[4];
static int K;
static double F(double *w) { return f(w, C0, K); }

int main(void) {
  double w0[4] = {0.5, 1.5, -0.7, 0.25};
  for (K = 0; K < 4; K++) {
    double w[4], dw[4] = {0};
    memcpy(w, w0, sizeof w);
    memcpy(C, C0, sizeof C);
    __enzyme_autodiff((void *)f, enzyme_dup, w, dw, enzyme_const, C, enzyme_const, K);
    char what[64];
    snprintf(what, sizeof what, "returned argument, k = %d", K);
    ck_gradient(what, dw, F, w, 4);
    for (int i = 0; i < 4; i++) CHECK_PRIMAL("constant input unchanged", C[i], C0[i]);
  }
  return ck_done();
}
