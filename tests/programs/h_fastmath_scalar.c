// TEST: -ffast-math scalar/loop kernels: pow with constant exponents (folded to sqrt/mul), reciprocal math, exp/log chains, softmax, fmax reduction
// CFLAGS: -ffast-math
#include "include/catalase_check.h"

double __enzyme_fwddiff_d(void *, ...);

#define N 9
static double powmix(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double a = x[i] * x[i] + 1.0;
    s += pow(a, 0.5) + pow(a, 1.5) / 3.0 + pow(x[i], 2.0) + 1.0 / sqrt(a) + pow(a, -1.0);
  }
  return s;
}
static double softmax_dot(const double *x, const double *w, int n) {
  double m = x[0];
  for (int i = 1; i < n; i++) m = fmax(m, x[i]);
  double z = 0.0, s = 0.0;
  for (int i = 0; i < n; i++) {
    double e = exp(x[i] - m);
    z += e;
    s += e * w[i];
  }
  return s / z + log(z) * 0.1;
}
static double ratios(const double *x, double d, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += x[i] / d + x[i] / (d * d + x[i] * x[i]) + exp2(x[i] * 0.5) * log2(d);
  return s;
}

static double X[N] = {0.3, -0.8, 1.4, 0.6, -0.1, 0.9, 1.7, -1.2, 0.45};
static double W[N] = {1.0, 0.5, -0.3, 0.8, 1.2, -0.7, 0.25, 0.4, -0.9};
static double V[N];
static int WHICH;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  if (WHICH == 0) return powmix(x, N);
  if (WHICH == 1) return softmax_dot(x, W, N);
  return ratios(x, 1.7 + 0.5 * t, N);
}

int main(void) {
  for (int i = 0; i < N; i++) V[i] = sin(0.4 + 1.3 * i);
  double dx[N], dw[N] = {0};
  for (int i = 0; i < N; i++) dx[i] = V[i];
  WHICH = 0;
  CHECK("fast-math pow/sqrt/reciprocal: d", __enzyme_fwddiff_d((void *)powmix, X, dx, enzyme_const, N),
        ck_fd1(along, 0.0));
  WHICH = 1;
  CHECK("fast-math softmax (fmax, exp, log): d",
        __enzyme_fwddiff_d((void *)softmax_dot, X, dx, W, dw, enzyme_const, N), ck_fd1(along, 0.0));
  WHICH = 2;
  CHECK("fast-math ratios (arcp, exp2, log2): d",
        __enzyme_fwddiff_d((void *)ratios, X, dx, 1.7, 0.5, enzyme_const, N), ck_fd1(along, 0.0));
  return ck_done();
}
