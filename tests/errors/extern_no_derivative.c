// EXPECT-ERROR: [catalase::no-derivative]
// EXPECT-ALSO: mystery_ext
// mystery_ext has no body and no rule, and it receives an active value.
#include <stdio.h>
double __enzyme_fwddiff(void *, ...);
double mystery_ext(double);
double f(double x) { return mystery_ext(x * x) + x; }
int main(void) {
  printf("%g\n", __enzyme_fwddiff((void *)f, 2.0, 1.0));
  return 0;
}
