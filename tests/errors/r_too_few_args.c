// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: required 2 primal args, found 1 (calling `f2`)
// Reverse mode: f2 takes two doubles; the call passes only the first.
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
double f2(double x, double y) { return x * y; }
int main(void) {
  printf("%g\n", __enzyme_autodiff((void *)f2, 1.5));
  return 0;
}
