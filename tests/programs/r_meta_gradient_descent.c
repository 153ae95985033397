// TEST: reverse mode through an optimisation loop (gradient descent with an analytic gradient on a quadratic-plus-quartic model, stopped when the step is small or after 500 iterations): the meta-gradient of the final loss in the learning rate and in the starting point
#include "include/ck_array.h"

typedef struct { double dlr, dx0, dy0; } G3;
G3 __enzyme_autodiff_g3(void *, ...);

static double descend(double lr, double x0, double y0) {
  double x = x0, y = y0;
  for (int it = 0; it < 500; it++) {
    double gx = 2.0 * (x - 1.0) + 0.4 * x * x * x + 0.3 * y;
    double gy = 4.0 * (y + 0.5) + 0.3 * x;
    x -= lr * gx;
    y -= lr * gy;
    if (lr * (fabs(gx) + fabs(gy)) < 1e-9) break;
  }
  return (x - 1.0) * (x - 1.0) + 0.1 * x * x * x * x + 2.0 * (y + 0.5) * (y + 0.5) + 0.3 * x * y;
}

static double short_descent(double lr, double x0, double y0) {
  double x = x0, y = y0;
  for (int it = 0; it < 12; it++) {
    double gx = 2.0 * (x - 1.0) + 0.4 * x * x * x + 0.3 * y, gy = 4.0 * (y + 0.5) + 0.3 * x;
    x -= lr * gx;
    y -= lr * gy;
  }
  return (x - 1.0) * (x - 1.0) + 0.1 * x * x * x * x + 2.0 * (y + 0.5) * (y + 0.5) + 0.3 * x * y;
}

static double F_long(double *p) { return descend(p[0], p[1], p[2]); }
static double F_short(double *p) { return short_descent(p[0], p[1], p[2]); }

int main(void) {
  double p[3] = {0.05, 2.0, 1.5};
  G3 g = __enzyme_autodiff_g3((void *)short_descent, p[0], p[1], p[2]);
  double gs[3] = {g.dlr, g.dx0, g.dy0};
  ck_gradient("12 gradient-descent steps: meta-gradient", gs, F_short, p, 3);
  g = __enzyme_autodiff_g3((void *)descend, p[0], p[1], p[2]);
  double gl[3] = {g.dlr, g.dx0, g.dy0};
  ck_gradient("500 gradient-descent steps: meta-gradient", gl, F_long, p, 3);
  return ck_done();
}
