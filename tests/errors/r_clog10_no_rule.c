// EXPECT-ERROR: [catalase::no-derivative]
// EXPECT-ALSO: no derivative for `clog10`
// EXPECT-ALSO: r_clog10_no_rule.c:16
// EXPECT-ALSO: __enzyme_register_gradient_clog10
// CFLAGS: -g -D_GNU_SOURCE
// clog10 (a GNU extension) has no rule (the complex rows are cexp, clog, csqrt, cpow, cabs, carg,
// cproj, the trigonometric and hyperbolic functions and their inverses, and the multiply and
// divide helpers): reverse mode through it is refused as a call without a derivative, naming the
// function and the line, not for the shape of its {double, double} result.
#include <complex.h>
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
static double f(double a, double b) {
  double complex z = a + b * I;
  double complex w;
  w = clog10(z);
  return creal(w) * cimag(w);
}
int main(void) {
  printf("%g\n", __enzyme_autodiff((void *)f, 0.4, 0.7));
  return 0;
}
