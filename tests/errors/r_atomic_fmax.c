// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: cannot differentiate `atomicrmw fmax` on active memory in reverse mode
// Reverse mode: an atomic maximum into active memory (only fadd, fsub and xchg are differentiated).
#include <stdio.h>
extern int enzyme_dup;
void __enzyme_autodiff(void *, ...);
void running_max(const double *x, double *m, int n) {
  for (int i = 0; i < n; i++) __atomic_fetch_max(m, x[i] * x[i], __ATOMIC_RELAXED);
}
int main(void) {
  double x[3] = {0.1, 0.9, -1.2}, dx[3] = {0}, m = 0.0, dm = 1.0;
  __enzyme_autodiff((void *)running_max, enzyme_dup, x, dx, enzyme_dup, &m, &dm, 3);
  printf("%g\n", dx[1]);
  return 0;
}
