// TEST: a constant global's shadow is one zero-filled global (__catalase_zero_<g>) that a gradient may add adjoints into: a callee (not inlined at -O0) returns a pointer that may be the constant table, the gradient adds the loads' adjoints into the table's zero shadow, and a later forward derivative must not read them back as the table's tangent (the shadow is reset at marker calls once a gradient may add into it)
#include "../programs/include/ck_array.h"

extern double __enzyme_autodiff(void *, ...);
extern double __enzyme_fwddiff(void *, ...);
extern int enzyme_dup, enzyme_const;

static const double TABLE[3] = {0.5, 1.5, -0.25};
static const double *pick(double *x) { return x[0] > 100.0 ? x : TABLE; }

static double model(double *x) {
  const double *t = pick(x);
  double s = 0.0;
  for (int i = 0; i < 3; i++) s += t[i] * x[i] * x[i];
  return s;
}

static double X[3] = {0.4, -0.9, 1.6};

int main(void) {
  double v[3] = {1.0, -0.5, 0.25}, dx[3] = {0};
  double before = __enzyme_fwddiff((void *)model, enzyme_dup, X, v);
  __enzyme_autodiff((void *)model, enzyme_dup, X, dx);
  ck_gradient("gradient through a pointer that may be a constant table", dx, model, X, 3);
  double after = __enzyme_fwddiff((void *)model, enzyme_dup, X, v);
  double one = 1.0;
  ck_dot_test("forward before reverse", &one, &before, 1, dx, v, 3);
  ck_dot_test("forward after reverse", &one, &after, 1, dx, v, 3);
  return ck_done();
}
