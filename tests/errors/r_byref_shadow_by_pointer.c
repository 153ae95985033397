// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: its shadow
// EXPECT-ALSO: help: enzyme_byref passes only the primal by pointer
// Reverse mode on a dup double whose primal and shadow are both passed by pointer: Enzyme reads
// only the primal through the pointer.
#include <stdio.h>
extern int enzyme_byref, enzyme_dup;
double __enzyme_autodiff(void *, ...);
static double sq(double *x) { return *x * *x; }
int main(void) {
  double y = 3.0, dy = 0.0;
  double *x = &y, *dx = &dy;
  printf("%g\n", __enzyme_autodiff((void *)sq, enzyme_byref, sizeof x, enzyme_dup, &x, &dx));
  return 0;
}
