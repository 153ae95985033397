// TEST: reverse mode on kernels built with -ffast-math (reassociated and vectorized reductions at -O2/-O3: a dot product, a norm and a sum of exponentials over arrays)
// CFLAGS: -ffast-math
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define N 19

static double reductions(const double *x, const double *y, int n) {
  double dot = 0.0, nn = 0.0, se = 0.0;
  for (int i = 0; i < n; i++) {
    dot += x[i] * y[i];
    nn += x[i] * x[i];
    se += exp(0.3 * x[i]);
  }
  return dot / sqrt(nn) + log(se);
}

static double X0[N], Y0[N];
static double F_x(double *x) { return reductions(x, Y0, N); }
static double F_y(double *y) { return reductions(X0, y, N); }

int main(void) {
  for (int i = 0; i < N; i++) X0[i] = sin(1.3 * i) + 0.2, Y0[i] = cos(0.6 * i);
  double dx[N] = {0}, dy[N] = {0};
  __enzyme_autodiff((void *)reductions, enzyme_dup, X0, dx, enzyme_dup, Y0, dy, enzyme_const, N);
  ck_gradient("fast-math reductions: d/dx", dx, F_x, X0, N);
  ck_gradient("fast-math reductions: d/dy", dy, F_y, Y0, N);
  return ck_done();
}
