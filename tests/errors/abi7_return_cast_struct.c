// EXPECT-ERROR: [catalase::illegal-return-cast]
// EXPECT-ALSO: Cannot cast return type of derivative
// ABI §4.2 rule 7 / §8 IllegalReturnCast: two double gradients declared as {double, int}.
#include <stdio.h>
typedef struct { double a; int b; } R;
R __enzyme_autodiff(void *, ...);
double mul(double x, double y) { return x * y; }
int main(void) { R r = __enzyme_autodiff((void *)mul, 1.5, 2.0); printf("%g\n", r.a); return 0; }
