// EXPECT-ERROR: [catalase::no-derivative]
// EXPECT-ALSO: `lgammaf_r`
// EXPECT-ALSO: lgammaf_r_no_rule.c:13
// EXPECT-ALSO: __enzyme_register_derivative_lgammaf_r
// CFLAGS: -g
// lgammaf_r has no rule (the sign it writes through a pointer has no row shape): forward mode
// through it with an active argument is refused, naming the function and the line.
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
float __enzyme_fwddiff(void *, float, float);
static float f(float x) {
  int sign; return lgammaf_r(x * x, &sign) * x;
}
int main(void) {
  printf("%g\n", __enzyme_fwddiff((void *)f, 2.0f, 1.0f));
  return 0;
}
