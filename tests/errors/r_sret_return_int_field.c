// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: Differential return required for `stats`
// EXPECT-ALSO: is not floating point and its seed could not be auto deduced
// A struct returned through sret memory is an active return seeded with 1.0 in every element; an int field has no seed.
#include <stdio.h>
typedef struct { double mean, var, lo; int count; } Stats;
double __enzyme_autodiff(void *, ...);
static Stats stats(double a, double b) {
  Stats s = {0.5 * (a + b), 0.25 * (a - b) * (a - b), a < b ? a : b, 2};
  return s;
}
int main(void) {
  printf("%g\n", __enzyme_autodiff((void *)stats, 1.0, 2.0));
  return 0;
}
