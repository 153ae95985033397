// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_interleave given more than once
// Two enzyme_interleave markers: the second comes after the shadows.
#include <stdio.h>
extern int enzyme_interleave, enzyme_dup;
void __enzyme_autodiff(void *, ...);
static double dot(const double *a, const double *b) { return a[0] * b[0] + a[1] * b[1]; }
int main(void) {
  double a[2] = {1, 2}, b[2] = {3, 4}, da[2] = {0}, db[2] = {0};
  __enzyme_autodiff((void *)dot, enzyme_dup, a, b, enzyme_interleave, da, db, enzyme_interleave);
  printf("%g\n", da[0]);
  return 0;
}
