// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: cannot differentiate a call of the variadic function `vsum`
// EXPECT-ALSO: help: give the function fixed parameters
// Reverse mode through a variadic function that reads its active arguments with va_arg.
#include <stdarg.h>
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
static double vsum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  double s = 0;
  for (int i = 0; i < n; i++) {
    double x = va_arg(ap, double);
    s += x * x;
  }
  va_end(ap);
  return s;
}
static double g(double x) { return vsum(2, x, 3.0 * x); }
int main(void) {
  printf("%g\n", __enzyme_autodiff((void *)g, 1.5));
  return 0;
}
