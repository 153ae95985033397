// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_active_return in `__enzyme_fwddiff` of `square`
// Forward mode: the result's tangent is returned; there is no adjoint to seed.
#include <stdio.h>
extern int enzyme_active_return;
double __enzyme_fwddiff(void *, ...);
double square(double x) { return x * x; }
int main(void) {
  printf("%g\n", __enzyme_fwddiff((void *)square, enzyme_active_return, 1.5, 1.0));
  return 0;
}
