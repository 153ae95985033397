// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: `cblas_ddot` is a BLAS/LAPACK routine, which Catalase has no derivative rules for yet
// EXPECT-ALSO: register a gradient with `void *__enzyme_register_gradient_cblas_ddot[]
// Forward mode over a CBLAS dot product from an external library.
#include <stdio.h>
extern int enzyme_dup;
double __enzyme_fwddiff(void *, ...);
double cblas_ddot(int n, const double *x, int incx, const double *y, int incy);
double energy(const double *x) { return 0.5 * cblas_ddot(3, x, 1, x, 1); }
int main(void) {
  double x[3] = {1.0, 2.0, 3.0}, dx[3] = {1.0, 0.0, 0.0};
  printf("%g\n", __enzyme_fwddiff((void *)energy, enzyme_dup, x, dx));
  return 0;
}
