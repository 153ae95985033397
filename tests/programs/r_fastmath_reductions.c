// TEST: reverse mode through the reductions -ffast-math vectorization makes at -O2/-O3 (llvm.vector.reduce.fadd for sums, llvm.vector.reduce.fmax/fmin for fmax/fmin over a loop), with the max attained at one lane
// CFLAGS: -ffast-math
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const, enzyme_out;
double __enzyme_autodiff(void *, ...);

static double norm_plus_max(const double *x, int n) {
  double s = 0.0, m = -1e300, lo = 1e300;
  for (int i = 0; i < n; i++) {
    s += x[i] * x[i];
    m = fmax(m, x[i] * 1.5);
    lo = fmin(lo, x[i] - 0.25 * x[(i + 3) % n]);
  }
  return sqrt(s) + m + 0.5 * lo;
}

static double dot(const double *a, const double *b, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

#define N 16
static double B[N];
static double F_norm(double *x) { return norm_plus_max(x, N); }
static double F_dot(double *x) { return dot(x, B, N); }

int main(void) {
  double x[N], dx[N] = {0};
  for (int i = 0; i < N; i++) x[i] = 0.1 * ((i * 7) % 11) - 0.45, B[i] = 0.3 * ((i * 5) % 7) - 0.8;
  x[5] = 1.9; /* a clear maximum */
  __enzyme_autodiff((void *)norm_plus_max, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("sum, fmax and fmin reductions", dx, F_norm, x, N);
  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)dot, enzyme_dup, x, dx, enzyme_const, B, enzyme_const, N);
  ck_gradient("reassociated dot product", dx, F_dot, x, N);
  return ck_done();
}
