// EXPECT-ERROR: [catalase::no-function]
// EXPECT-ALSO: `only_declared` has no body
// Reverse mode: the function to differentiate is declared but not defined in this module.
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
double only_declared(double);
int main(void) {
  printf("%g\n", __enzyme_autodiff((void *)only_declared, 2.0));
  return 0;
}
