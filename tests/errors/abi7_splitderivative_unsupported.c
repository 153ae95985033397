// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: __enzyme_register_splitderivative
// NO-SITE: a registration global
// ABI §0 Later: a split-derivative registration is refused.
#include <stdio.h>
double __enzyme_fwddiff(void *, ...);
__attribute__((noinline)) double sq(double x) { return x * x; }
void *aug_sq(double x) { return 0; }
double fsq(double x, double dx, void *t) { return 2 * x * dx; }
void *__enzyme_register_splitderivative_sq[] = {(void *)sq, (void *)aug_sq, (void *)fsq};
double g(double x) { return sq(x) + x; }
int main(void) { printf("%g\n", __enzyme_fwddiff((void *)g, 1.5, 1.0)); return 0; }
