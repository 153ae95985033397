// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: a derivative flows through long double (x86_fp80) arithmetic
// The caller hands its enzyme_dup long double array to a noinline callee that computes with
// it: the array is the user's, whose shadow may hold long double derivatives, so the callee
// is not told its long double slots are clean and is refused (at -O3 the loads move into the
// caller, which is refused).
double __enzyme_autodiff(void *, ...);
extern int enzyme_dup;

__attribute__((noinline)) static double scale(long double *x, double k) { return (double)(x[0] * x[1]) * k; }
static double f(long double *x, double *k) { return scale(x, k[0]); }

int main(void) {
  long double x[2] = {1.5L, 2.0L}, dx[2] = {0};
  double k[1] = {2.0}, dk[1] = {0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_dup, k, dk);
  return (int)dx[0];
}
