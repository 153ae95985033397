// EXPECT-ERROR: [catalase::illegal-return-cast]
// EXPECT-ALSO: is not large enough to hold the derivative's result
// ABI §8: four gradients into a declared (sret) struct of three doubles.
#include <stdio.h>
typedef struct { double a, b, c; } R;
R __enzyme_autodiff(void *, ...);
double f4(double x, double y, double z, double w) { return x * y + z * w; }
int main(void) { R r = __enzyme_autodiff((void *)f4, 1.5, 2.0, 3.0, 4.0); printf("%g %g %g\n", r.a, r.b, r.c); return 0; }
