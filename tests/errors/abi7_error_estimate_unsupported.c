// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: `__enzyme_error_estimate` is not supported yet
// ABI §1: __enzyme_error_estimate is recognised and refused.
#include <stdio.h>
double __enzyme_error_estimate(void *, ...);
double sq(double x) { return x * x; }
int main(void) { printf("%g\n", __enzyme_error_estimate((void *)sq, 1.5, 0.0)); return 0; }
