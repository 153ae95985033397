// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_primal_return given but `sq` returns void
// ABI §8 PrimalRetOfVoid in combined reverse mode.
#include <stdio.h>
extern int enzyme_dup, enzyme_primal_return;
double __enzyme_autodiff(void *, ...);
void sq(double *x) { x[0] *= x[0]; }
int main(void) { double x = 1.5, d = 1; printf("%g\n", __enzyme_autodiff((void *)sq, enzyme_primal_return, enzyme_dup, &x, &d)); return 0; }
