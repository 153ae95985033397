// TEST: reverse mode on a function with many outputs (cumulative trapezoid integral of a nonlinear integrand into an output array): the vector-Jacobian product J^T w from seeding the output shadow with w, checked against finite differences of <w, y>, and the dot-product test against the forward-mode J v
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);

#define N 10

static void cumtrapz(const double *f, double h, double *y, int n) {
  y[0] = 0.0;
  for (int i = 1; i < n; i++) y[i] = y[i - 1] + 0.5 * h * (f[i - 1] * f[i - 1] + sin(f[i]));
}

static double F0[N], W[N];
static double F(double *f) {
  double y[N];
  cumtrapz(f, 0.1, y, N);
  return ck_dot(W, y, N);
}

int main(void) {
  for (int i = 0; i < N; i++) F0[i] = cos(0.5 * i) + 0.2 * i, W[i] = sin(1.7 * i + 0.4);
  double df[N] = {0}, y[N], dy[N];
  memcpy(dy, W, sizeof dy);
  __enzyme_autodiff((void *)cumtrapz, enzyme_dup, F0, df, enzyme_const, 0.1, enzyme_dup, y, dy, enzyme_const, N);
  ck_gradient("cumulative trapezoid: J^T w", df, F, F0, N);
  double v[N], jv[N], yy[N];
  for (int i = 0; i < N; i++) v[i] = 0.3 * i - 1.0;
  __enzyme_fwddiff((void *)cumtrapz, enzyme_dup, F0, v, enzyme_const, 0.1, enzyme_dup, yy, jv, enzyme_const, N);
  ck_dot_test("cumulative trapezoid", W, jv, N, df, v, N);
  return ck_done();
}
