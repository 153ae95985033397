// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: active floats are copied into memory that has no shadow
// EXPECT-ALSO: help: pass the destination with enzyme_dup
// Reverse mode through a memcpy of the active input into a work buffer passed with enzyme_const,
// which the function then reads back: the adjoints of the copied values have nowhere to go (a
// store of each value there is refused the same way). Before, the gradient came out zero.
#include <stdio.h>
#include <string.h>
extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);
static double f(const double *x, double *work, int n) {
  memcpy(work, x, n * sizeof(double));
  double s = 0;
  for (int i = 0; i < n; i++) s += work[i] * work[(i + 1) % n];
  return s;
}
int main(void) {
  double x[3] = {1, 2, 3}, dx[3] = {0}, w[3];
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, w, enzyme_const, 3);
  printf("%g %g %g\n", dx[0], dx[1], dx[2]);
  return 0;
}
