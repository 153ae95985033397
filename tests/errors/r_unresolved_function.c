// EXPECT-ERROR: [catalase::no-function]
// EXPECT-ALSO: cannot resolve
// Reverse mode: the function operand is loaded from a volatile pointer, so which function it
// is cannot be known at compile time.
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
double sq(double x) { return x * x; }
void *volatile which = (void *)sq;
int main(void) {
  printf("%g\n", __enzyme_autodiff(which, 2.0));
  return 0;
}
