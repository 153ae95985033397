// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: enzyme_dupnoneedv_return
// A Later marker is refused.
#include <stdio.h>
extern int enzyme_dupnoneedv_return;
double __enzyme_fwddiff(void *, ...);
double sq(double x) { return x * x; }
int main(void) { printf("%g\n", __enzyme_fwddiff((void *)sq, enzyme_dupnoneedv_return, 1.5, 1.0)); return 0; }
