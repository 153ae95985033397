// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: illegal enzyme pointer type size: enzyme_byref says 4 bytes, but argument 0 of `sq` is double of 8 bytes
// EXPECT-ALSO: help: write `enzyme_byref, sizeof(T), &value`
// enzyme_byref names 4 bytes for a double parameter.
#include <stdio.h>
extern int enzyme_byref, enzyme_dup;
double __enzyme_fwddiff(void *, ...);
static double sq(double x) { return x * x; }
int main(void) {
  double x = 3.0;
  printf("%g\n", __enzyme_fwddiff((void *)sq, enzyme_byref, 4, enzyme_dup, &x, 1.0));
  return 0;
}
