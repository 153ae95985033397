// TEST: table lookup with an index computed from an active value (floor/int cast + linear interpolation), periodic wrap with fmod/remainder/floor
#include "include/catalase_check.h"

double __enzyme_fwddiff_d(void *, ...);

static const double T[9] = {0.0, 0.8, 1.5, 1.9, 2.0, 1.7, 1.1, 0.4, -0.2};
static double interp(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double u = x[i] * 4.0;
    int k = (int)floor(u);
    if (k < 0) k = 0;
    if (k > 7) k = 7;
    double t = u - k;
    s += (T[k] * (1.0 - t) + T[k + 1] * t) * (1.0 + 0.1 * i);
  }
  return s;
}
static double wrap(double x) {
  double ip = floor(x * 3.0);
  double fr = x * 3.0 - ip;
  return fmod(x * 5.0, 1.3) + fr * fr + ip * 0.1 + remainder(x, 0.7) * x;
}

#define N 6
/* Points chosen away from the table knots (multiples of 0.25) and from wrap discontinuities. */
static double X[N] = {0.1, 0.33, 0.61, 0.87, 1.2, 1.9}, V[N] = {1.0, 0.5, -0.3, 0.2, 1.0, 0.4};
static int WHICH;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  return WHICH == 0 ? interp(x, N) : wrap(0.77 + t);
}

int main(void) {
  double dx[N];
  for (int i = 0; i < N; i++) dx[i] = V[i];
  WHICH = 0;
  CHECK("linear interpolation in a const table: d",
        __enzyme_fwddiff_d((void *)interp, X, dx, enzyme_const, N), ck_fd1(along, 0.0));
  WHICH = 1;
  CHECK("fmod/remainder/floor wrap: d", __enzyme_fwddiff_d((void *)wrap, 0.77, 1.0), ck_fd1(along, 0.0));
  return ck_done();
}
