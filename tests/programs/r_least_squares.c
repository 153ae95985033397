// TEST: reverse mode through a least-squares line fit (sums over data, closed-form normal equations) and the residual norm, with enzyme_dup data arrays and an enzyme_out regularisation weight: gradients in every data point
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define N 9

static double fit_residual(const double *xs, const double *ys, int n, double lambda) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (int i = 0; i < n; i++) {
    sx += xs[i];
    sy += ys[i];
    sxx += xs[i] * xs[i];
    sxy += xs[i] * ys[i];
  }
  double det = n * (sxx + lambda) - sx * sx;
  double slope = (n * sxy - sx * sy) / det, icpt = (sy - slope * sx) / n;
  double r = 0.0;
  for (int i = 0; i < n; i++) {
    double e = ys[i] - slope * xs[i] - icpt;
    r += e * e;
  }
  return sqrt(r) + lambda * slope * slope;
}

static double XS[N], YS[N], LAMBDA = 0.3;
static double F_x(double *x) { return fit_residual(x, YS, N, LAMBDA); }
static double F_y(double *y) { return fit_residual(XS, y, N, LAMBDA); }
static double F_l(double l) { return fit_residual(XS, YS, N, l); }

int main(void) {
  for (int i = 0; i < N; i++) {
    XS[i] = 0.5 * i - 1.0 + 0.05 * sin(3.0 * i);
    YS[i] = 1.7 * XS[i] + 0.4 + 0.2 * cos(2.0 * i);
  }
  double dx[N] = {0}, dy[N] = {0};
  double dl = __enzyme_autodiff((void *)fit_residual, enzyme_dup, XS, dx, enzyme_dup, YS, dy, enzyme_const, N, LAMBDA);
  ck_gradient("least squares: d/dx", dx, F_x, XS, N);
  ck_gradient("least squares: d/dy", dy, F_y, YS, N);
  CHECK("least squares: d/dlambda", dl, ck_fd1(F_l, LAMBDA));
  return ck_done();
}
