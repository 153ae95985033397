// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_dup_return in `__enzyme_autodiff` of `largest`
// EXPECT-ALSO: enzyme_const_return
// Reverse mode: a duplicated return in a combined call, which cannot take seeds for the memory
// the returned pointer points to.
#include <stdio.h>
extern int enzyme_dup_return, enzyme_dup;
void __enzyme_autodiff(void *, ...);
double *largest(double *x, int n) {
  double *m = x;
  for (int i = 1; i < n; i++) if (x[i] > *m) m = x + i;
  *m *= 2.0;
  return m;
}
int main(void) {
  double x[3] = {0.1, 0.9, -1.2}, dx[3] = {1, 1, 1};
  __enzyme_autodiff((void *)largest, enzyme_dup_return, enzyme_dup, x, dx, 3);
  printf("%g\n", dx[1]);
  return 0;
}
