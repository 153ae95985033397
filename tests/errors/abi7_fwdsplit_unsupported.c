// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: `__enzyme_fwdsplit` is not supported yet
// ABI §0 Later: __enzyme_fwdsplit is recognised and refused.
#include <stdio.h>
double __enzyme_fwdsplit(void *, ...);
double sq(double x) { return x * x; }
int main(void) { printf("%g\n", __enzyme_fwdsplit((void *)sq, 1.5, 1.0, (void*)0)); return 0; }
