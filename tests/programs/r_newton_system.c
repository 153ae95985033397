// TEST: reverse mode through Newton's method for a 2-D nonlinear system (2x2 Jacobian solved by Cramer's rule each iteration, stopped on the residual norm): gradient of the solution in the system's parameters, against finite differences and the implicit-function theorem
#include "include/ck_array.h"

typedef struct { double da, db; } G2;
G2 __enzyme_autodiff_g2(void *, ...);

/* Solve x^2 + y^2 = a, x y = b (x > y > 0); return x + 3 y. */
static double solve(double a, double b) {
  double x = 2.0, y = 0.5;
  for (int it = 0; it < 60; it++) {
    double f1 = x * x + y * y - a, f2 = x * y - b;
    if (sqrt(f1 * f1 + f2 * f2) < 1e-14) break;
    double j11 = 2.0 * x, j12 = 2.0 * y, j21 = y, j22 = x;
    double det = j11 * j22 - j12 * j21;
    x -= (f1 * j22 - f2 * j12) / det;
    y -= (j11 * f2 - j21 * f1) / det;
  }
  return x + 3.0 * y;
}

static double F(double *p) { return solve(p[0], p[1]); }

int main(void) {
  double p[2] = {5.0, 2.0}; /* x = 2, y = 1 */
  G2 g = __enzyme_autodiff_g2((void *)solve, p[0], p[1]);
  double grad[2] = {g.da, g.db};
  ck_gradient("2-D Newton solve", grad, F, p, 2);
  /* Implicit function theorem at x = 2, y = 1: J = [[4, 2], [1, 2]], d(x, y)/d(a, b) = J^-1 =
     [[2, -2], [-1, 4]] / 6, so d(x + 3 y)/da = (2 - 3)/6 and d(x + 3 y)/db = (-2 + 12)/6. */
  CHECK("implicit derivative in a", g.da, -1.0 / 6.0);
  CHECK("implicit derivative in b", g.db, 10.0 / 6.0);
  return ck_done();
}
