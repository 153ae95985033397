// EXPECT-ERROR: [catalase::no-derivative]
// EXPECT-ALSO: `lgamma`
// EXPECT-ALSO: r_lgamma_no_rule.c:13
// EXPECT-ALSO: __enzyme_register_gradient_lgamma
// CFLAGS: -g
// lgamma has no rule (its derivative is digamma, which libm lacks): reverse mode through it with
// an active argument is refused, naming the function and the line, not answered with a zero.
#include <math.h>
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
static double f(double x) {
  double y = x * x;
  return lgamma(y) + tgamma(x);
}
int main(void) {
  printf("%g\n", __enzyme_autodiff((void *)f, 2.0));
  return 0;
}
