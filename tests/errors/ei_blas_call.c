// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: `dgemm_` is a BLAS/LAPACK routine, which Catalase has no derivative rules for yet
// EXPECT-ALSO: compile a reference implementation of `dgemm_` into this translation unit
// Reverse mode over a call of the Fortran BLAS dgemm_ from an external library: it has no body
// here and no rule, and the diagnostic names the library, not only the function.
#include <stdio.h>
extern int enzyme_dup;
void __enzyme_autodiff(void *, ...);
void dgemm_(const char *ta, const char *tb, const int *m, const int *n, const int *k, const double *alpha,
            const double *a, const int *lda, const double *b, const int *ldb, const double *beta, double *c,
            const int *ldc);
double trace_of_square(const double *a) {
  const int n = 2;
  const double one = 1.0, zero = 0.0;
  double c[4];
  dgemm_("N", "N", &n, &n, &n, &one, a, &n, a, &n, &zero, c, &n);
  return c[0] + c[3];
}
int main(void) {
  double a[4] = {1.0, 2.0, 3.0, 4.0}, da[4] = {0};
  __enzyme_autodiff((void *)trace_of_square, enzyme_dup, a, da);
  printf("%g\n", da[0]);
  return 0;
}
