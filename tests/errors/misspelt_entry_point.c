// EXPECT-ERROR: `__enzyme_fwdiff` is not an Enzyme function Catalase knows
// EXPECT-ALSO: did you mean `__enzyme_fwddiff`?
// A misspelt entry point is not a marker: nothing would differentiate the call, and it would
// only fail at the link as an undefined reference. Catalase stops at the call instead.
#include <stdio.h>

extern double __enzyme_fwdiff(void *, ...);

double cube(double x) { return x * x * x; }

int main(void) {
  printf("%g\n", __enzyme_fwdiff((void *)cube, 2.0, 1.0));
  return 0;
}
