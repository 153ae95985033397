// EXPECT-ERROR: [catalase::no-derivative]
// EXPECT-ALSO: `lgamma_r`
// EXPECT-ALSO: r_lgamma_r_no_rule.c:15
// EXPECT-ALSO: __enzyme_register_gradient_lgamma_r
// CFLAGS: -g
// lgamma_r (it writes the sign of Γ through a pointer) has no rule, unlike lgamma: reverse mode
// through it with an active argument is refused, naming the function and the line, not answered
// with a zero.
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
static double f(double x) {
  int sign;
  return lgamma_r(x * x, &sign) * sign;
}
int main(void) {
  printf("%g\n", __enzyme_autodiff((void *)f, 2.0));
  return 0;
}
