// TEST: reverse mode through table lookups: a binary search over sorted knots (integer control flow decided by comparisons with the active x) then linear interpolation, and bilinear interpolation on a grid; gradients in x and in the table values (enzyme_dup tables)
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define K 8
#define GX 5
#define GY 4

static double interp1(const double *knots, const double *vals, int n, double x) {
  int lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    int mid = (lo + hi) / 2;
    if (knots[mid] <= x) lo = mid;
    else hi = mid;
  }
  double t = (x - knots[lo]) / (knots[hi] - knots[lo]);
  return vals[lo] * (1.0 - t) + vals[hi] * t;
}

static double bilinear(const double *grid, double x, double y) {
  int i = (int)x, j = (int)y;
  double tx = x - i, ty = y - j;
  double a = grid[i * GY + j], b = grid[(i + 1) * GY + j], c = grid[i * GY + j + 1], d = grid[(i + 1) * GY + j + 1];
  return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
}

static double KN[K] = {0.0, 0.3, 0.7, 1.2, 1.6, 2.3, 2.9, 3.5}, VALS[K], GRID[GX * GY];
static double XQ = 1.45;
static double interp_x(double x) { return interp1(KN, VALS, K, x); }
static double F_vals(double *v) { return interp1(KN, v, K, XQ); }
static double F_grid(double *g) { return bilinear(g, 2.3, 1.6); }
static double bil_x(double x) { return bilinear(GRID, x, 1.6); }
static double bil_y(double y) { return bilinear(GRID, 2.3, y); }

int main(void) {
  for (int i = 0; i < K; i++) VALS[i] = sin(KN[i]) + 0.1 * KN[i] * KN[i];
  for (int i = 0; i < GX * GY; i++) GRID[i] = cos(0.7 * i) + 0.05 * i;
  double xs[3] = {0.2, 1.45, 3.1};
  for (int i = 0; i < 3; i++)
    CHECK("binary search + linear interpolation: d/dx", __enzyme_autodiff((void *)interp1, enzyme_const, KN, enzyme_const, VALS, enzyme_const, K, xs[i]), ck_fd1(interp_x, xs[i]));
  double dv[K] = {0};
  __enzyme_autodiff((void *)interp1, enzyme_const, KN, enzyme_dup, VALS, dv, enzyme_const, K, XQ);
  ck_gradient("linear interpolation: d/dvalues", dv, F_vals, VALS, K);
  double dg[GX * GY] = {0};
  double gx = __enzyme_autodiff((void *)bilinear, enzyme_dup, GRID, dg, 2.3, 1.6);
  ck_gradient("bilinear interpolation: d/dgrid", dg, F_grid, GRID, GX * GY);
  CHECK("bilinear interpolation: d/dx", gx, ck_fd1(bil_x, 2.3));
  return ck_done();
}
