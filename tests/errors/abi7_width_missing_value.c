// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: Too few arguments to Enzyme call
// ABI §8 MissingVectorWidth: enzyme_width is the last argument, its N missing.
#include <stdio.h>
extern int enzyme_width;
double __enzyme_fwddiff(void *, ...);
double square(double x) { return x * x; }
int main(void) { printf("%g\n", __enzyme_fwddiff((void *)square, 1.5, 1.0, enzyme_width)); return 0; }
