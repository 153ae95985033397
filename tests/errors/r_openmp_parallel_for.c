// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: `__kmpc_fork_call` belongs to the OpenMP runtime
// EXPECT-ALSO: build this file without -fopenmp
// CFLAGS: -fopenmp
// Reverse mode over an OpenMP parallel loop: the region is outlined into a call of
// __kmpc_fork_call, which is refused with a diagnostic that says how to get a gradient.
#include <math.h>
#include <stdio.h>
extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);
void scale(const double *x, double *y, int n) {
#pragma omp parallel for
  for (int i = 0; i < n; i++) y[i] = sin(x[i]) * x[i];
}
int main(void) {
  double x[8], dx[8] = {0}, y[8], dy[8];
  for (int i = 0; i < 8; i++) x[i] = 0.1 * i, dy[i] = 1.0;
  __enzyme_autodiff((void *)scale, enzyme_dup, x, dx, enzyme_dup, y, dy, enzyme_const, 8);
  printf("%g\n", dx[3]);
  return 0;
}
