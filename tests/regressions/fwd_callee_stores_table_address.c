// TEST: forward and reverse mode at -O0 where a callee (not inlined at -O0) stores the address of a constant table (no shadow) into a struct of its caller: the caller then loads it from the struct, whose shadow holds the table's primal address as a stand-in. The callee's summary (activity::summary::stored_params, foreign provenance) tells the caller, which guards what it loads: forward mode read the table's values as tangents before. Checked against finite differences and forward against reverse.
#include "../programs/include/ck_array.h"
extern double __enzyme_autodiff(void *, ...);
extern double __enzyme_fwddiff(void *, ...);
extern int enzyme_dup, enzyme_const;
struct ctx { double *x; const double *table; };
static const double TABLE[3] = {0.5, 1.5, -0.25};
static void use_table(struct ctx *c) { c->table = TABLE; }
static double model(double *x) {
  struct ctx c; c.x = x;
  use_table(&c);
  double s = 0.0;
  for (int i = 0; i < 3; i++) s += c.table[i] * c.x[i] * c.x[i];
  return s;
}
static double X[3] = {0.4, -0.9, 1.6};
int main(void) {
  double dx[3] = {0};
  __enzyme_autodiff((void *)model, enzyme_dup, X, dx);
  ck_gradient("constant table stored by a callee", dx, model, X, 3);
  double v[3] = {1.0, -0.5, 0.25};
  double jv = __enzyme_fwddiff((void *)model, enzyme_dup, X, v);
  double one = 1.0;
  ck_dot_test("forward against reverse", &one, &jv, 1, dx, v, 3);
  return ck_done();
}
