// EXPECT-ERROR: [catalase::no-derivative]
// EXPECT-ALSO: `tgammaf`
// EXPECT-ALSO: tgamma_no_rule.c:12
// EXPECT-ALSO: __enzyme_register_derivative_tgammaf
// CFLAGS: -g
// tgamma has no rule (its derivative needs digamma, which libm lacks): forward mode through
// tgammaf with an active argument is refused, naming the function and the line.
#include <math.h>
#include <stdio.h>
float __enzyme_fwddiff(void *, float, float);
static float f(float x) {
  return tgammaf(x * x) * x;
}
int main(void) {
  printf("%g\n", __enzyme_fwddiff((void *)f, 2.0f, 1.0f));
  return 0;
}
