// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: a derivative flows through long double (x86_fp80) arithmetic
// A long double accumulator of active doubles: the derivative would flow through x86_fp80
// arithmetic, which Catalase carries but does not differentiate; refused, never a zero.
double __enzyme_autodiff(void *, ...);
extern int enzyme_dup, enzyme_const;

static double sumsq(const double *x, int n) {
  long double acc = 0;
  for (int i = 0; i < n; i++) acc += (long double)x[i] * x[i];
  return (double)acc;
}

int main(void) {
  double x[3] = {0.5, -1.25, 2.0}, dx[3] = {0};
  __enzyme_autodiff((void *)sumsq, enzyme_dup, x, dx, enzyme_const, 3);
  return (int)dx[0];
}
