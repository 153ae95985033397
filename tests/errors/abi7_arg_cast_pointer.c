// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: Cannot cast __enzyme_autodiff primal argument 0
// ABI §8 IllegalArgCast: a double where the parameter is a pointer.
#include <stdio.h>
extern int enzyme_dup;
double __enzyme_autodiff(void *, ...);
double sum2(double *p) { return p[0] + p[1]; }
int main(void) { printf("%g\n", __enzyme_autodiff((void *)sum2, enzyme_dup, 1.0, 2.0)); return 0; }
