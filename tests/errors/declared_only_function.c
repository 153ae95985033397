// EXPECT-ERROR: [catalase::no-function]
// EXPECT-ALSO: only_declared
// The function to differentiate is declared but never defined.
#include <stdio.h>
double __enzyme_fwddiff(void *, ...);
double only_declared(double);
int main(void) {
  printf("%g\n", __enzyme_fwddiff((void *)only_declared, 2.0, 1.0));
  return 0;
}
