// TEST: reverse mode at -O0 where a struct on the stack holds an enzyme_dup pointer and an enzyme_const one, and a callee (not inlined at -O0) reads both through a pointer to the struct: the struct's shadow holds the constant pointer's primal as a stand-in, so the callee's derivative is asked for with Request::standins and guards the loads of the coefficients (shadow == primal: no adjoint into the constant array). Checked against finite differences and forward mode (which takes the same route: Request::standins, DupMixed), and the constant array unchanged.
#include "../programs/include/ck_array.h"

extern double __enzyme_autodiff(void *, ...);
extern double __enzyme_fwddiff(void *, ...);
extern int enzyme_dup, enzyme_const;

struct ctx {
  double *x;
  const double *coef;
  int n;
};

static double energy(const struct ctx *c) {
  double s = 0.0;
  for (int i = 0; i < c->n; i++) s += c->coef[i] * c->x[i] * c->x[i] + c->coef[i] * c->x[i];
  return s;
}

static double model(double *x, const double *coef) {
  struct ctx c = {x, coef, 3};
  return energy(&c);
}

static double C[3] = {0.7, -1.3, 2.1};
static double X[3] = {0.4, -0.9, 1.6};
static double F(double *x) { return model(x, C); }

int main(void) {
  double dx[3] = {0};
  __enzyme_autodiff((void *)model, enzyme_dup, X, dx, enzyme_const, C);
  CHECK_PRIMAL("constant coefficients unchanged", C[0], 0.7);
  CHECK_PRIMAL("constant coefficients unchanged", C[1], -1.3);
  CHECK_PRIMAL("constant coefficients unchanged", C[2], 2.1);
  ck_gradient("struct holding a constant pointer, read by a callee", dx, F, X, 3);
  /* Forward mode along v through the same callee: <grad, v>, and the constant still unchanged. */
  double v[3] = {0.5, -1.0, 0.75};
  double jv = __enzyme_fwddiff((void *)model, enzyme_dup, X, v, enzyme_const, C);
  double one = 1.0;
  ck_dot_test("forward against reverse", &one, &jv, 1, dx, v, 3);
  CHECK_PRIMAL("constant unchanged by forward mode", C[0], 0.7);
  CHECK_PRIMAL("constant unchanged by forward mode", C[1], -1.3);
  CHECK_PRIMAL("constant unchanged by forward mode", C[2], 2.1);
  return ck_done();
}
