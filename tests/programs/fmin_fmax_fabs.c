// TEST: fmin, fmax and fabs (libm calls lowered to intrinsics) on both sides of each kink
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f(double x, double y) {
  return fmin(x * x, y) * 2.0 + fmax(x, 3.0 * y) - fabs(x - y) * fabs(x);
}

static double gy;
static double fx(double x) { return f(x, gy); }
static double gx;
static double fy(double y) { return f(gx, y); }

int main(void) {
  const double pts[][2] = {{1.5, 0.6}, {0.5, 1.0}, {-1.2, 0.3}, {2.0, -0.4}, {-0.7, -2.0}};
  for (int i = 0; i < 5; i++) {
    double x = pts[i][0], y = pts[i][1];
    gx = x;
    gy = y;
    char name[64];
    snprintf(name, sizeof name, "df/dx min/max/abs at (%g,%g)", x, y);
    CHECK(name, __enzyme_fwddiff((void *)f, x, 1.0, y, 0.0), ck_fd1(fx, x));
    snprintf(name, sizeof name, "df/dy min/max/abs at (%g,%g)", x, y);
    CHECK(name, __enzyme_fwddiff((void *)f, x, 0.0, y, 1.0), ck_fd1(fy, y));
  }
  return ck_done();
}
