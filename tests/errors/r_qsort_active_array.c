// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: `qsort` over an array that may hold derivatives
// EXPECT-ALSO: help: sort or search an array of indices instead
// Reverse mode through qsort of a copy of the active values: the shadow copy would have to be
// permuted with the primal (sorting an index array by the values is accepted:
// tests/programs/bh5_qsort_argsort.c).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
double __enzyme_autodiff(void *, ...);
static int cmp(const void *a, const void *b) {
  double u = *(const double *)a, v = *(const double *)b;
  return (u > v) - (u < v);
}
static double median3(const double *x) {
  double c[3];
  memcpy(c, x, sizeof c);
  qsort(c, 3, sizeof(double), cmp);
  return c[1] * c[1];
}
int main(void) {
  double x[3] = {0.3, -1.0, 2.0}, d[3] = {0};
  __enzyme_autodiff((void *)median3, x, d);
  printf("%g %g %g\n", d[0], d[1], d[2]);
  return 0;
}
