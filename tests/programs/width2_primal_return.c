// TEST: enzyme_width 2 together with enzyme_primal_return: struct {double primal; double d[2];}
#include "include/catalase_check.h"

typedef struct { double primal; double d[2]; } pv2;
pv2 __enzyme_fwddiff(void *, ...);

static double f(double x, double y) { return log(1.0 + x * x) * y + atan(y / (1.0 + x * x)); }

static double GX = 0.9, GY = 1.4;
static double fx(double x) { return f(x, GY); }
static double fy(double y) { return f(GX, y); }

int main(void) {
  pv2 r = __enzyme_fwddiff((void *)f, enzyme_width, 2, enzyme_primal_return, GX, 1.0, 0.0,
                           GY, 0.0, 1.0);
  CHECK_PRIMAL("primal", r.primal, f(GX, GY));
  CHECK("lane0 df/dx", r.d[0], ck_fd1(fx, GX));
  CHECK("lane1 df/dy", r.d[1], ck_fd1(fy, GY));
  return ck_done();
}
