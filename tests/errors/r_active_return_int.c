// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: Differential return required for `count_above`
// EXPECT-ALSO: could not be auto deduced
// Reverse mode: enzyme_active_return on a function returning an int, which has no 1.0 seed.
#include <stdio.h>
extern int enzyme_active_return, enzyme_dup;
double __enzyme_autodiff(void *, ...);
int count_above(const double *x, int n) {
  int c = 0;
  for (int i = 0; i < n; i++) c += x[i] * x[i] > 0.5;
  return c;
}
int main(void) {
  double x[3] = {0.1, 0.9, -1.2}, dx[3] = {0};
  printf("%g\n", __enzyme_autodiff((void *)count_above, enzyme_active_return, enzyme_dup, x, dx, 3));
  return 0;
}
