// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: a derivative flows through long double (x86_fp80) arithmetic
// Long double inputs passed with enzyme_dup: their derivatives would flow through x86_fp80
// arithmetic, which Catalase does not differentiate; refused rather than leaving dx at zero.
double __enzyme_autodiff(void *, ...);
extern int enzyme_dup;

static double product(long double *x) { return (double)(x[0] * x[1]); }

int main(void) {
  long double x[2] = {1.5L, 2.0L}, dx[2] = {0};
  __enzyme_autodiff((void *)product, enzyme_dup, x, dx);
  return (int)dx[0];
}
