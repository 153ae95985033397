// TEST: reverse mode through one-pass numerical algorithms over an array: Kahan compensated summation (the compensation term is algebraically zero but not numerically), Welford's running mean and variance, and a float array accumulated in double
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define N 10

static double kahan(const double *x, int n) {
  double sum = 0.0, c = 0.0;
  for (int i = 0; i < n; i++) {
    double y = x[i] * x[i] - c;
    double t = sum + y;
    c = (t - sum) - y;
    sum = t;
  }
  return sum;
}

static double welford_std(const double *x, int n) {
  double mean = 0.0, m2 = 0.0;
  for (int i = 0; i < n; i++) {
    double d = x[i] - mean;
    mean += d / (i + 1);
    m2 += d * (x[i] - mean);
  }
  return sqrt(m2 / (n - 1)) + mean * mean;
}

static double mixed_accumulate(const float *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += (double)x[i] * (double)x[i] * (i + 1);
  return sqrt(s);
}

static double F_k(double *x) { return kahan(x, N); }
static double F_w(double *x) { return welford_std(x, N); }
static double F_m(double *x) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += x[i] * x[i] * (i + 1);
  return sqrt(s);
}

int main(void) {
  double x[N], dx[N] = {0};
  for (int i = 0; i < N; i++) x[i] = 1.0 + 0.37 * sin(2.1 * i);
  __enzyme_autodiff((void *)kahan, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("Kahan summation", dx, F_k, x, N);
  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)welford_std, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("Welford mean and standard deviation", dx, F_w, x, N);
  float xf[N], dxf[N] = {0};
  double xd[N];
  for (int i = 0; i < N; i++) xf[i] = (float)x[i], xd[i] = xf[i];
  __enzyme_autodiff((void *)mixed_accumulate, enzyme_dup, xf, dxf, enzyme_const, N);
  for (int i = 0; i < N; i++) CHECK_F32("float data, double accumulator", dxf[i], ck_fd_partial(F_m, xd, i));
  return ck_done();
}
