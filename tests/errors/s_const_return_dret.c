// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: differential return `double 1.000000e+00` given, but the result of `cube` has none: enzyme_const_return makes it constant
// EXPECT-ALSO: help: remove the differential return
// A differential return passed to __enzyme_reverse although the result is marked constant.
extern int enzyme_dup, enzyme_const_return;
typedef struct { void *tape; double primal; } aug;
aug __enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
static double cube(double *x) { double c = x[0] * x[0] * x[0]; x[0] = c; return c; }
int main(void) {
  double x[1] = {2.0}, dx[1] = {1.0};
  aug a = __enzyme_augmentfwd((void *)cube, enzyme_const_return, enzyme_dup, x, dx);
  __enzyme_reverse((void *)cube, enzyme_const_return, enzyme_dup, x, dx, 1.0, a.tape);
  return a.primal > 0 ? 0 : 1;
}
