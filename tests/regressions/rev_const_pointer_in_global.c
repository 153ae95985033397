// TEST: reverse mode at -O0 where the differentiated function stores an enzyme_const pointer into a mutable global and a callee (not inlined at -O0) reads through it: the global's shadow holds the constant pointer's primal as a stand-in, and the callee, which touches globals, gets a derivative that guards what it loads from there (Request::standins): no adjoint reaches the constant array. Checked against finite differences and forward mode (which takes the same route: Request::standins, DupMixed), and the constant array unchanged.
#include "../programs/include/ck_array.h"

extern double __enzyme_autodiff(void *, ...);
extern double __enzyme_fwddiff(void *, ...);
extern int enzyme_dup, enzyme_const;

static struct {
  const double *scale;
  int n;
} G;

static double weighted(const double *x) {
  double s = 0.0;
  for (int i = 0; i < G.n; i++) s += G.scale[i] * x[i] * x[i] * x[i];
  return s;
}

static double model(double *x, const double *scale) {
  G.scale = scale;
  G.n = 3;
  return weighted(x);
}

static double S[3] = {0.25, -2.0, 1.5};
static double X[3] = {1.1, 0.6, -0.7};
static double F(double *x) { return model(x, S); }

int main(void) {
  double dx[3] = {0};
  __enzyme_autodiff((void *)model, enzyme_dup, X, dx, enzyme_const, S);
  CHECK_PRIMAL("constant scale unchanged", S[0], 0.25);
  CHECK_PRIMAL("constant scale unchanged", S[1], -2.0);
  CHECK_PRIMAL("constant scale unchanged", S[2], 1.5);
  ck_gradient("global holding a constant pointer, read by a callee", dx, F, X, 3);
  /* Forward mode along v through the same callee: <grad, v>, and the constant still unchanged. */
  double v[3] = {0.5, -1.0, 0.75};
  double jv = __enzyme_fwddiff((void *)model, enzyme_dup, X, v, enzyme_const, S);
  double one = 1.0;
  ck_dot_test("forward against reverse", &one, &jv, 1, dx, v, 3);
  CHECK_PRIMAL("constant unchanged by forward mode", S[0], 0.25);
  CHECK_PRIMAL("constant unchanged by forward mode", S[1], -2.0);
  CHECK_PRIMAL("constant unchanged by forward mode", S[2], 1.5);
  return ck_done();
}
