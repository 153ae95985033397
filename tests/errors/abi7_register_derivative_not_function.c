// EXPECT-ERROR: [catalase::bad-registration]
// EXPECT-ALSO: Param 1 of __enzyme_register_derivative must be a function
// NO-SITE: a registration global
// ABI §6.1/§8: a derivative registration whose rule is a data global.
#include <stdio.h>
double __enzyme_fwddiff(void *, ...);
__attribute__((noinline)) double sq(double x) { return x * x; }
double table[2];
void *__enzyme_register_derivative_sq[] = {(void *)sq, (void *)table};
double g(double x) { return sq(x) + x; }
int main(void) { printf("%g\n", __enzyme_fwddiff((void *)g, 1.5, 1.0)); return 0; }
