// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_byref on argument 0 of `sq`: the value passed
// EXPECT-ALSO: is not a pointer
// enzyme_byref before the double itself instead of its address.
#include <stdio.h>
extern int enzyme_byref, enzyme_dup;
double __enzyme_fwddiff(void *, ...);
static double sq(double x) { return x * x; }
int main(void) {
  double x = 3.0;
  printf("%g\n", __enzyme_fwddiff((void *)sq, enzyme_byref, sizeof(double), enzyme_dup, x, 1.0));
  return 0;
}
