// EXPECT-ERROR: [catalase::bad-registration]
// EXPECT-ALSO: Param 0 of __enzyme_inactivefn must be a function
// NO-SITE: a registration global
// ABI §6.1: __enzyme_inactivefn pointing at data.
#include <stdio.h>
double __enzyme_fwddiff(void *, ...);
double table[2];
void *__enzyme_inactivefn = (void *)table;
double g(double x) { return x * x; }
int main(void) { printf("%g\n", __enzyme_fwddiff((void *)g, 1.5, 1.0)); return 0; }
