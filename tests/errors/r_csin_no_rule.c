// EXPECT-ERROR: [catalase::no-derivative]
// EXPECT-ALSO: no derivative for `csin`
// EXPECT-ALSO: r_csin_no_rule.c:14
// EXPECT-ALSO: __enzyme_register_gradient_csin
// CFLAGS: -g
// csin has no rule (the complex rows are cexp, clog, csqrt, cpow, cabs, carg and the multiply
// and divide helpers): reverse mode through it is refused as a call without a derivative,
// naming the function and the line, not for the shape of its {double, double} result.
#include <complex.h>
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
static double f(double a, double b) {
  double complex z = a + b * I;
  double complex w = csin(z);
  return creal(w) * cimag(w);
}
int main(void) {
  printf("%g\n", __enzyme_autodiff((void *)f, 0.4, 0.7));
  return 0;
}
