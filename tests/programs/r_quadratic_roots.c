// TEST: reverse mode through the numerically stable quadratic formula (branch on the discriminant's sign, copysign to avoid cancellation, the second root from Vieta): gradients of the larger root and of a real-part fallback in a, b, c
#include "include/ck_array.h"

typedef struct { double da, db, dc; } G3;
G3 __enzyme_autodiff_g3(void *, ...);

static double root(double a, double b, double c) {
  double disc = b * b - 4.0 * a * c;
  if (disc < 0.0) return -b / (2.0 * a) + 0.1 * sqrt(-disc) / a;
  double q = -0.5 * (b + copysign(sqrt(disc), b));
  double r1 = q / a, r2 = c / q;
  return r1 > r2 ? r1 : r2;
}

static double F(double *p) { return root(p[0], p[1], p[2]); }

int main(void) {
  double cases[4][3] = {{1.0, -3.0, 2.0}, {0.5, 2.5, -1.5}, {2.0, 1e3, 0.3}, {1.0, 1.0, 2.0}};
  for (int k = 0; k < 4; k++) {
    double *p = cases[k];
    G3 g = __enzyme_autodiff_g3((void *)root, p[0], p[1], p[2]);
    double grad[3] = {g.da, g.db, g.dc};
    ck_gradient("stable quadratic formula", grad, F, p, 3);
  }
  return ck_done();
}
