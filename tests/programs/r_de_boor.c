// TEST: reverse mode through de Boor's algorithm for a cubic B-spline (knot span found by a search loop, control points copied to a local array and blended in place over three levels): gradients in the parameter and in every control point
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define NCP 7
#define DEG 3
static const double KNOTS[NCP + DEG + 1] = {0, 0, 0, 0, 1.0, 2.0, 3.0, 4.0, 4.0, 4.0, 4.0};

static double de_boor(const double *cp, double x) {
  int k = DEG;
  while (k < NCP - 1 && x >= KNOTS[k + 1]) k++;
  double d[DEG + 1];
  for (int j = 0; j <= DEG; j++) d[j] = cp[j + k - DEG];
  for (int r = 1; r <= DEG; r++)
    for (int j = DEG; j >= r; j--) {
      double a = (x - KNOTS[j + k - DEG]) / (KNOTS[j + 1 + k - r] - KNOTS[j + k - DEG]);
      d[j] = (1.0 - a) * d[j - 1] + a * d[j];
    }
  return d[DEG] * d[DEG];
}

static double CP[NCP] = {0.2, 1.1, -0.4, 0.9, 1.6, 0.3, -0.7};
static double XQ;
static double spline_x(double x) { return de_boor(CP, x); }
static double F_cp(double *cp) { return de_boor(cp, XQ); }

int main(void) {
  double xs[4] = {0.35, 1.5, 2.75, 3.6};
  for (int i = 0; i < 4; i++) {
    XQ = xs[i];
    CHECK("de Boor: d/dx", __enzyme_autodiff((void *)de_boor, enzyme_const, CP, xs[i]), ck_fd1(spline_x, xs[i]));
    double dcp[NCP] = {0};
    __enzyme_autodiff((void *)de_boor, enzyme_dup, CP, dcp, xs[i]);
    ck_gradient("de Boor: d/dcontrol points", dcp, F_cp, CP, NCP);
  }
  return ck_done();
}
