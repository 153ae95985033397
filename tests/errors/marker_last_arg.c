// EXPECT-ERROR: [catalase::calling-error]
// A marker as the last argument: enzyme_dup announces a value that never comes.
#include <stdio.h>
extern int enzyme_dup;
double __enzyme_fwddiff(void *, ...);
double sq(double *p) { return p[0] * p[0]; }
int main(void) {
  printf("%g\n", __enzyme_fwddiff((void *)sq, enzyme_dup));
  return 0;
}
