// TEST: forward and reverse mode at -O0 where a struct on the stack holds an enzyme_const pointer and a heap buffer, and a callee (not inlined at -O0) computes through both and frees the buffer: the callee's derivative is asked for with Request::standins, so the buffer pointer it loads is mixed (its shadow may be the primal standing in), and forward mode frees its shadow only where it is not the primal (a refusal before runtime activity reached callees; freeing a stand-in would free the primal twice). Checked against finite differences and forward against reverse, and the constant array unchanged.
#include <stdlib.h>
#include "../programs/include/ck_array.h"

extern double __enzyme_autodiff(void *, ...);
extern double __enzyme_fwddiff(void *, ...);
extern int enzyme_dup, enzyme_const;

struct work {
  const double *coef;
  double *buf;
};

static double finish(struct work *w, const double *x) {
  double s = 0.0;
  for (int i = 0; i < 3; i++) {
    w->buf[i] = w->coef[i] * x[i] * x[i];
    s += w->buf[i] * x[i];
  }
  free(w->buf);
  return s;
}

static double model(double *x, const double *coef) {
  struct work w = {coef, (double *)malloc(3 * sizeof(double))};
  return finish(&w, x);
}

static double C[3] = {0.7, -1.3, 2.1};
static double X[3] = {0.4, -0.9, 1.6};
static double F(double *x) { return model(x, C); }

int main(void) {
  double dx[3] = {0};
  __enzyme_autodiff((void *)model, enzyme_dup, X, dx, enzyme_const, C);
  ck_gradient("a callee freeing a buffer beside a constant pointer", dx, F, X, 3);
  double v[3] = {0.5, -1.0, 0.75};
  double jv = __enzyme_fwddiff((void *)model, enzyme_dup, X, v, enzyme_const, C);
  double one = 1.0;
  ck_dot_test("forward against reverse", &one, &jv, 1, dx, v, 3);
  CHECK_PRIMAL("constant coefficients unchanged", C[0], 0.7);
  CHECK_PRIMAL("constant coefficients unchanged", C[1], -1.3);
  CHECK_PRIMAL("constant coefficients unchanged", C[2], 2.1);
  return ck_done();
}
