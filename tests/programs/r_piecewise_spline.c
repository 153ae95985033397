// TEST: reverse mode through a piecewise cubic (a chain of if/else on the argument), evaluated on both sides of every knot, and a smooth step built from nested ternaries
#include "include/catalase_check.h"

double __enzyme_autodiff(void *, ...);

static double spline(double t) {
  if (t < -1.0) return 0.5 * t + 0.25;
  else if (t < 0.0) return t * t * (0.5 + 0.25 * t) - 0.25 * (t + 1.0);
  else if (t < 1.5) return -0.25 + 0.3 * t * t - 0.1 * t * t * t;
  else if (t < 3.0) return sin(t - 1.5) + 0.0125 * t;
  return log(t) * t;
}

static double smoothstep(double x, double lo, double hi) {
  double u = (x - lo) / (hi - lo);
  u = u < 0.0 ? 0.0 : (u > 1.0 ? 1.0 : u);
  return u * u * (3.0 - 2.0 * u) * x;
}

static double LO = -0.5, HI = 2.0;
static double smooth_x(double x) { return smoothstep(x, LO, HI); }

int main(void) {
  double ts[8] = {-2.5, -1.2, -0.6, 0.4, 1.4, 1.7, 2.9, 4.2};
  for (int i = 0; i < 8; i++) CHECK("spline: d/dt", __enzyme_autodiff((void *)spline, ts[i]), ck_fd1(spline, ts[i]));
  double xs[4] = {-1.0, 0.3, 1.2, 2.6};
  for (int i = 0; i < 4; i++)
    CHECK("smoothstep: d/dx", __enzyme_autodiff((void *)smoothstep, xs[i], enzyme_const, LO, enzyme_const, HI), ck_fd1(smooth_x, xs[i]));
  return ck_done();
}
