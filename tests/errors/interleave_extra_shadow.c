// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: extra shadow
// EXPECT-ALSO: after enzyme_interleave
// enzyme_interleave with a shadow too many: the second parameter is enzyme_const.
#include <stdio.h>
extern int enzyme_interleave, enzyme_const, enzyme_dup;
double __enzyme_fwddiff(void *, ...);
static double dot(const double *a, const double *b) { return a[0] * b[0] + a[1] * b[1]; }
int main(void) {
  double a[2] = {1, 2}, b[2] = {3, 4}, da[2] = {1, 0}, db[2] = {0, 1};
  printf("%g\n", __enzyme_fwddiff((void *)dot, enzyme_dup, a, enzyme_const, b, enzyme_interleave, da, db));
  return 0;
}
