// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: f2
// f2 takes two doubles; the call supplies only the first one (and its tangent).
#include <stdio.h>
double __enzyme_fwddiff(void *, ...);
double f2(double x, double y) { return x * y; }
int main(void) {
  printf("%g\n", __enzyme_fwddiff((void *)f2, 1.5, 1.0));
  return 0;
}
