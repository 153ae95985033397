// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: active memory is copied into memory that has no shadow
// EXPECT-ALSO: help: pass the destination with enzyme_dup
// Forward mode through a memcpy of the active input into a work buffer passed with
// enzyme_const, which the function then reads back: the tangents of the copied values are
// lost. Before, the derivative came out zero.
#include <stdio.h>
#include <string.h>
extern int enzyme_dup, enzyme_const;
double __enzyme_fwddiff(void *, ...);
static double f(const double *x, double *work, int n) {
  memcpy(work, x, n * sizeof(double));
  double s = 0;
  for (int i = 0; i < n; i++) s += work[i] * work[(i + 1) % n];
  return s;
}
int main(void) {
  double x[3] = {1, 2, 3}, dx[3] = {1, 0, 0}, w[3];
  printf("%g\n", __enzyme_fwddiff((void *)f, enzyme_dup, x, dx, enzyme_const, w, enzyme_const, 3));
  return 0;
}
