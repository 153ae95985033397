// TEST: compares, select and ternary expressions on active values (away from ties)
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f(double x, double y) {
  double a = x > y ? x * y : x + y * y;     /* select on fcmp */
  double b = (x * x < 2.0) ? 3.0 * x : -x;  /* select against constant */
  int flag = y >= 0.0;
  double c = flag ? y * a : a / (1.0 + y * y);
  return a + b * c;
}

static double gy;
static double fx(double x) { return f(x, gy); }
static double gx;
static double fy(double y) { return f(gx, y); }

int main(void) {
  const double pts[][2] = {{1.2, 0.4}, {0.3, 1.1}, {-2.0, -0.7}, {1.9, -0.3}};
  for (int i = 0; i < 4; i++) {
    double x = pts[i][0], y = pts[i][1];
    gx = x;
    gy = y;
    char name[64];
    snprintf(name, sizeof name, "df/dx select at (%g,%g)", x, y);
    CHECK(name, __enzyme_fwddiff((void *)f, x, 1.0, y, 0.0), ck_fd1(fx, x));
    snprintf(name, sizeof name, "df/dy select at (%g,%g)", x, y);
    CHECK(name, __enzyme_fwddiff((void *)f, x, 0.0, y, 1.0), ck_fd1(fy, y));
  }
  return ck_done();
}
