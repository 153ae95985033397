// EXPECT-ERROR: [catalase::bad-registration]
// EXPECT-ALSO: non-empty constant string
// NO-SITE: a registration global
// ABI §6.1: __enzyme_function_like with an empty name.
#include <stdio.h>
#include <math.h>
double __enzyme_fwddiff(void *, ...);
__attribute__((noinline)) double mylog(double x) { return log(x); }
void *__enzyme_function_like[2] = {(void *)mylog, ""};
double g(double x) { return mylog(x) + x; }
int main(void) { printf("%g\n", __enzyme_fwddiff((void *)g, 1.5, 1.0)); return 0; }
