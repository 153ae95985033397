// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: Differential return required for `value_and_count`
// EXPECT-ALSO: could not be auto deduced
// Reverse mode: the returned struct holds a double (so the return is active) and a long, which
// has no 1.0 seed.
#include <stdio.h>
typedef struct { double value; long count; } VC;
double __enzyme_autodiff(void *, ...);
VC value_and_count(double x) {
  VC r = {x * x, 3};
  return r;
}
int main(void) {
  printf("%g\n", __enzyme_autodiff((void *)value_and_count, 1.5));
  return 0;
}
