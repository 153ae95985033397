// EXPECT-ERROR: [catalase::no-function]
// The function operand is loaded from a volatile pointer: it cannot be resolved at compile time.
#include <stdio.h>
double __enzyme_fwddiff(void *, ...);
double sq(double x) { return x * x; }
void *volatile which = (void *)sq;
int main(void) {
  printf("%g\n", __enzyme_fwddiff(which, 2.0, 1.0));
  return 0;
}
