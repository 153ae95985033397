// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: missing argument shadow
// EXPECT-ALSO: primal argument 1 of `dot`
// EXPECT-ALSO: help: after enzyme_interleave pass 1 shadow value(s) per duplicated parameter
// enzyme_interleave: both pointers inherit enzyme_dup, but only one shadow follows the marker.
#include <stdio.h>
extern int enzyme_interleave;
double __enzyme_fwddiff(void *, ...);
static double dot(const double *a, const double *b) { return a[0] * b[0] + a[1] * b[1]; }
int main(void) {
  double a[2] = {1, 2}, b[2] = {3, 4}, da[2] = {1, 0};
  printf("%g\n", __enzyme_fwddiff((void *)dot, a, b, enzyme_interleave, da));
  return 0;
}
