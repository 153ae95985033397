// EXPECT-ERROR: [catalase::bad-registration]
// EXPECT-ALSO: only `"byref_K"` strings
// NO-SITE: a registration global
// ABI §6.1: an extra element of a gradient registration that is not a "byref_K" string.
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
__attribute__((noinline)) double sq(double x) { return x * x; }
/* the rule takes x by pointer (byref_0): Enzyme wraps it so the primal's double is passed */
void *aug_sq(const double *x) { return 0; }
double rev_sq(const double *x, double dret, void *tape) { return 2 * *x * dret; }
void *__enzyme_register_gradient_sq[] = {(void *)sq, (void *)aug_sq, (void *)rev_sq, (void *)"byref_x"};
double g(double x) { return sq(x) + x; }
int main(void) { printf("%g\n", __enzyme_autodiff((void *)g, 1.5)); return 0; }
