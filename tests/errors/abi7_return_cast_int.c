// EXPECT-ERROR: [catalase::illegal-return-cast]
// EXPECT-ALSO: declared return type i32
// ABI §8 IllegalReturnCast: a double gradient declared as int.
#include <stdio.h>
int __enzyme_autodiff(void *, ...);
double sq(double x) { return x * x; }
int main(void) { printf("%d\n", __enzyme_autodiff((void *)sq, 1.5)); return 0; }
