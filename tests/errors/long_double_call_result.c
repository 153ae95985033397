// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: a derivative flows through long double (x86_fp80) arithmetic
// A helper returns a long double computed from an active double and the caller uses it: the
// derivative would come back through a long double result; refused in reverse mode.
double __enzyme_autodiff(void *, ...);
extern int enzyme_dup;

__attribute__((noinline)) static long double square_l(double v) { return (long double)v * v; }
static double use(double *x) { return (double)square_l(x[0]) + x[1]; }

int main(void) {
  double x[2] = {1.5, 2.0}, dx[2] = {0};
  __enzyme_autodiff((void *)use, enzyme_dup, x, dx);
  return (int)dx[0];
}
