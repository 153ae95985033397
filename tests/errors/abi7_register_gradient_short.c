// EXPECT-ERROR: [catalase::bad-registration]
// EXPECT-ALSO: must be a constant of size at least 3
// NO-SITE: a registration global
// ABI §6.1/§8: a gradient registration with two elements.
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
__attribute__((noinline)) double sq(double x) { return x * x; }
void *aug_sq(double x) { return 0; }
void *__enzyme_register_gradient_sq[] = {(void *)sq, (void *)aug_sq};
double g(double x) { return sq(x) + x; }
int main(void) { printf("%g\n", __enzyme_autodiff((void *)g, 1.5)); return 0; }
