// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: Cannot cast __enzyme_autodiff primal argument 1
// ABI §8 IllegalArgCast: a by-value struct where the parameter is a long.
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
double scale(double x, long n) { return x * n; }
int main(void) { struct { double a, b; } s = {1, 2}; printf("%g\n", __enzyme_autodiff((void *)scale, 1.0, s)); return 0; }
