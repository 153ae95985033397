// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_out is not allowed in forward mode
// ABI §8: enzyme_out in forward mode is a diagnostic (Enzyme asserts).
#include <stdio.h>
extern int enzyme_out;
double __enzyme_fwddiff(void *, ...);
double square(double x) { return x * x; }
int main(void) { printf("%g\n", __enzyme_fwddiff((void *)square, enzyme_out, 1.5)); return 0; }
