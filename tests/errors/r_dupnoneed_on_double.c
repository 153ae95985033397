// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_dupnoneed on argument 0 of `sq`
// EXPECT-ALSO: mark floating-point values enzyme_out
// EXPECT-ALSO: --> in function `main`
// EXPECT-ALSO: @__enzyme_autodiff(ptr
// enzyme_dupnoneed on a double in reverse mode: the diagnostic names the marker the user wrote.
#include <stdio.h>
extern int enzyme_dupnoneed;
double __enzyme_autodiff(void *, ...);
static double sq(double x) { return x * x; }
int main(void) {
  double x = 2.0, dx = 1.0;
  printf("%g\n", __enzyme_autodiff((void *)sq, enzyme_dupnoneed, x, dx));
  return 0;
}
