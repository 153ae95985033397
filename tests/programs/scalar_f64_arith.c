// TEST: scalar f64 arithmetic (fadd, fsub, fmul, fdiv, constants) in two active doubles
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f(double x, double y) {
  return (3.0 * x * x * y - y / x + 2.5) / (1.0 + y * y) - x * 0.25;
}

static double fx_y;
static double f_of_x(double x) { return f(x, fx_y); }
static double fy_x;
static double f_of_y(double y) { return f(fy_x, y); }

int main(void) {
  const double pts[][2] = {{1.3, 0.7}, {-2.1, 1.9}, {0.4, -3.2}};
  for (int i = 0; i < 3; i++) {
    double x = pts[i][0], y = pts[i][1];
    char name[64];
    double dx = __enzyme_fwddiff((void *)f, x, 1.0, y, 0.0);
    double dy = __enzyme_fwddiff((void *)f, x, 0.0, y, 1.0);
    double dxy = __enzyme_fwddiff((void *)f, x, 2.0, y, -0.5);
    fx_y = y;
    fy_x = x;
    double fdx = ck_fd1(f_of_x, x), fdy = ck_fd1(f_of_y, y);
    snprintf(name, sizeof name, "df/dx at (%g,%g)", x, y);
    CHECK(name, dx, fdx);
    snprintf(name, sizeof name, "df/dy at (%g,%g)", x, y);
    CHECK(name, dy, fdy);
    snprintf(name, sizeof name, "df.(2,-0.5) at (%g,%g)", x, y);
    CHECK(name, dxy, 2.0 * fdx - 0.5 * fdy);
  }
  return ck_done();
}
