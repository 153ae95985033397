// TEST: reverse and forward mode at -O0 where a callee (not inlined at -O0) stores an enzyme_const pointer into a struct of its caller, beside an enzyme_dup one, and another stores the address of a constant table (read-only memory) there: after the calls the caller loads them from the struct's memory, whose shadow holds their primals as stand-ins. The callees' summaries (activity::summary::stored_params) tell the caller that stand-ins may be there, so it guards what it loads (shadow == primal: no adjoint into the constant array or the table). Checked against finite differences and forward mode, and the constant array and table unchanged.
#include "../programs/include/ck_array.h"

extern double __enzyme_autodiff(void *, ...);
extern double __enzyme_fwddiff(void *, ...);
extern int enzyme_dup, enzyme_const;

struct ctx {
  double *x;
  const double *coef;
  const double *table;
};

static const double TABLE[3] = {0.5, 1.5, -0.25};

static void bind(struct ctx *c, double *x, const double *coef) {
  c->x = x;
  c->coef = coef;
}

static void use_table(struct ctx *c) { c->table = TABLE; }

static double model(double *x, const double *coef) {
  struct ctx c;
  bind(&c, x, coef);
  use_table(&c);
  double s = 0.0;
  for (int i = 0; i < 3; i++) s += c.coef[i] * c.x[i] * c.x[i] + c.table[i] * c.x[i] * c.coef[i];
  return s;
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
  CHECK_PRIMAL("constant table unchanged", TABLE[0], 0.5);
  CHECK_PRIMAL("constant table unchanged", TABLE[1], 1.5);
  CHECK_PRIMAL("constant table unchanged", TABLE[2], -0.25);
  ck_gradient("callees storing constant pointers into the caller's struct", dx, F, X, 3);
  /* Forward mode along v: <grad, v>, and the constants still unchanged. */
  double v[3] = {0.5, -1.0, 0.75};
  double jv = __enzyme_fwddiff((void *)model, enzyme_dup, X, v, enzyme_const, C);
  double one = 1.0;
  ck_dot_test("forward against reverse", &one, &jv, 1, dx, v, 3);
  CHECK_PRIMAL("constant unchanged by forward mode", C[0], 0.7);
  CHECK_PRIMAL("constant table unchanged by forward mode", TABLE[0], 0.5);
  return ck_done();
}
