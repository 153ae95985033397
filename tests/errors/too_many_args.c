// EXPECT-ERROR: [catalase::calling-error]
// One primal/tangent pair too many for a one-parameter function (forward mode takes no surplus).
#include <stdio.h>
double __enzyme_fwddiff(void *, ...);
double cube(double x) { return x * x * x; }
int main(void) {
  printf("%g\n", __enzyme_fwddiff((void *)cube, 2.0, 1.0, 3.0, 1.0));
  return 0;
}
