// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: required 2 primal args, found 1
// ABI §8 EnzymeInsufficientArgs in forward mode: x's tangent is taken as y, y is missing.
#include <stdio.h>
double __enzyme_fwddiff(void *, ...);
double mul(double x, double y) { return x * y; }
int main(void) { printf("%g\n", __enzyme_fwddiff((void *)mul, 1.5, 1.0)); return 0; }
