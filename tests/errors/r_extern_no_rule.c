// EXPECT-ERROR: [catalase::no-derivative]
// EXPECT-ALSO: no derivative for `mystery`
// EXPECT-ALSO: register a gradient with `void *__enzyme_register_gradient_mystery[] = {mystery, augmented, reverse}`
// Reverse mode through an external function with an active argument and no rule.
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
double mystery(double);
static double f(double x) { return mystery(x) * x; }
int main(void) {
  printf("%g\n", __enzyme_autodiff((void *)f, 2.0));
  return 0;
}
