// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_out is not allowed on pointer argument 0 of `first`
// EXPECT-ALSO: enzyme_dup, x, d_x
// enzyme_out on a pointer argument in reverse mode: memory gradients go through enzyme_dup.
#include <stdio.h>
extern int enzyme_out;
double __enzyme_autodiff(void *, ...);
static double first(double *x) { return x[0] * x[0]; }
int main(void) {
  double x[1] = {2.0};
  printf("%g\n", __enzyme_autodiff((void *)first, enzyme_out, x));
  return 0;
}
