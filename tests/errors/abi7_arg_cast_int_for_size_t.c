// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: Cannot cast __enzyme_autodiff primal argument 1, found i32 3, wanted i64
// EXPECT-ALSO: cast the argument to the parameter's type (i64
// ABI §8 IllegalArgCast: an int literal for a size_t parameter through the variadic prototype.
#include <stdio.h>
#include <stddef.h>
extern int enzyme_const;
double __enzyme_autodiff(void *, ...);
double scale(double x, size_t n) { return x * (double)n; }
int main(void) { printf("%g\n", __enzyme_autodiff((void *)scale, 1.5, enzyme_const, 3)); return 0; }
