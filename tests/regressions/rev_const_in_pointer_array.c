// TEST: reverse mode at -O0 where an array of pointers on the stack holds an enzyme_const pointer beside enzyme_dup ones, and a callee (not inlined at -O0) reads through each: the array's shadow holds the constant pointer's primal as a stand-in; the callee's derivative guards what it loads from there (Request::standins), so no adjoint reaches the constant array. Checked against finite differences and forward mode (which takes the same route: Request::standins, DupMixed), and the constant array unchanged.
#include "../programs/include/ck_array.h"

extern double __enzyme_autodiff(void *, ...);
extern double __enzyme_fwddiff(void *, ...);
extern int enzyme_dup, enzyme_const;

static double mix(double *const *rows, int m, int n) {
  double s = 0.0;
  for (int r = 0; r < m; r++)
    for (int i = 0; i < n; i++) s += rows[r][i] * rows[(r + 1) % m][i];
  return s;
}

static double model(double *a, double *w, double *b) {
  double *rows[3] = {a, w, b};
  return mix(rows, 3, 2);
}

static double W[2] = {1.5, -0.5};
static double P[4] = {0.3, -0.8, 0.55, 1.2};
static double F(double *p) { return model(p, W, p + 2); }

int main(void) {
  double dp[4] = {0};
  __enzyme_autodiff((void *)model, enzyme_dup, P, dp, enzyme_const, W, enzyme_dup, P + 2, dp + 2);
  CHECK_PRIMAL("constant row unchanged", W[0], 1.5);
  CHECK_PRIMAL("constant row unchanged", W[1], -0.5);
  ck_gradient("array of pointers holding a constant row", dp, F, P, 4);
  /* Forward mode along v through the same callee: <grad, v>, and the constant still unchanged. */
  double v[4] = {0.5, -1.0, 0.75, 0.25};
  double jv = __enzyme_fwddiff((void *)model, enzyme_dup, P, v, enzyme_const, W, enzyme_dup, P + 2, v + 2);
  double one = 1.0;
  ck_dot_test("forward against reverse", &one, &jv, 1, dp, v, 4);
  CHECK_PRIMAL("constant unchanged by forward mode", W[0], 1.5);
  CHECK_PRIMAL("constant unchanged by forward mode", W[1], -0.5);
  return ck_done();
}
