// TEST: enzyme_width 2 on scalar args: both partials in one call, returned as struct {double d[2]}
#include "include/catalase_check.h"

typedef struct { double d[2]; } v2;
v2 __enzyme_fwddiff(void *, ...);

static double f(double x, double y) { return x * x * y + sin(x * y) - y / (1.0 + x * x); }

static double GY;
static double fx(double x) { return f(x, GY); }
static double GX;
static double fy(double y) { return f(GX, y); }

int main(void) {
  const double pts[][2] = {{0.7, 1.3}, {-1.1, 0.4}};
  for (int i = 0; i < 2; i++) {
    GX = pts[i][0];
    GY = pts[i][1];
    /* lane 0 = d/dx, lane 1 = d/dy */
    v2 g = __enzyme_fwddiff((void *)f, enzyme_width, 2, GX, 1.0, 0.0, GY, 0.0, 1.0);
    char name[48];
    snprintf(name, sizeof name, "lane0 df/dx at (%g,%g)", GX, GY);
    CHECK(name, g.d[0], ck_fd1(fx, GX));
    snprintf(name, sizeof name, "lane1 df/dy at (%g,%g)", GX, GY);
    CHECK(name, g.d[1], ck_fd1(fy, GY));
  }
  return ck_done();
}
