// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: shadow argument 0
// EXPECT-ALSO: help: enzyme_byref passes only the primal by pointer, as in Enzyme: pass the shadow itself
// A double's primal and tangent both passed by pointer: only the primal may be.
#include <stdio.h>
extern int enzyme_byref, enzyme_dup;
double __enzyme_fwddiff(void *, ...);
static double sq(double x) { return x * x; }
int main(void) {
  double x = 3.0, dx = 1.0;
  printf("%g\n", __enzyme_fwddiff((void *)sq, enzyme_byref, sizeof x, enzyme_dup, &x, &dx));
  return 0;
}
