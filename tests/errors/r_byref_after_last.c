// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_byref after the last parameter of `sq`
// EXPECT-ALSO: __enzyme_reverse the differential return
// __enzyme_autodiff takes no differential return: enzyme_byref after the last parameter.
#include <stdio.h>
extern int enzyme_byref, enzyme_out;
double __enzyme_autodiff(void *, ...);
static double sq(double x) { return x * x; }
int main(void) {
  double x = 3.0, seed = 1.0;
  printf("%g\n", __enzyme_autodiff((void *)sq, enzyme_out, x, enzyme_byref, sizeof seed, &seed));
  return 0;
}
