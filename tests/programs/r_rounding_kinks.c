// TEST: reverse mode through integer conversions and piecewise-constant functions: (int) casts used as indices and loop bounds, floor/ceil/round/trunc (zero derivative), fmod and remainder (unit derivative), copysign, fmin/fmax/fabs clamps, evaluated away from the kinks
#include "include/catalase_check.h"

double __enzyme_autodiff(void *, ...);

static const double COEF[6] = {0.5, -1.0, 1.5, 0.25, -0.75, 2.0};

static double staircase(double x) {
  int k = (int)(x * 2.0);
  double frac = x * 2.0 - k;
  double s = 0.0;
  for (int i = 0; i <= k % 6; i++) s += COEF[i] * frac;
  return s + floor(x) * x + ceil(x * 3.0) + round(x) * x * x + trunc(-x) * 0.5;
}
static double periodic(double x) { return fmod(x, 1.3) * sin(x) + remainder(x * x, 2.0) + copysign(x * x, x - 2.0); }
static double clamps(double x) {
  double y = fmin(fmax(x * x - 1.0, -0.5), 2.0);
  return y * fabs(x - 0.3) + fmax(0.0, sin(3.0 * x));
}

int main(void) {
  double xs[5] = {0.37, 1.13, 1.81, 2.62, 3.46};
  for (int i = 0; i < 5; i++) {
    CHECK("staircase (casts, floor, ceil, round, trunc): d/dx", __enzyme_autodiff((void *)staircase, xs[i]), ck_fd1(staircase, xs[i]));
    CHECK("fmod, remainder, copysign: d/dx", __enzyme_autodiff((void *)periodic, xs[i]), ck_fd1(periodic, xs[i]));
    CHECK("fmin/fmax/fabs clamps: d/dx", __enzyme_autodiff((void *)clamps, xs[i]), ck_fd1(clamps, xs[i]));
  }
  return ck_done();
}
