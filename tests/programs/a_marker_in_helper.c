// TEST: marker calls inside helper functions (static, noinline, and one helper calling another) rather than in main, with -g -fno-inline
// CFLAGS: -g -fno-inline
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
void __enzyme_fwddiff_v(void *, ...);

static double f(double x, double y) { return sin(x) * y * y + log(1.0 + x * x); }
static void vf(const double *x, double *y) { y[0] = x[0] * x[1]; y[1] = exp(x[0] - x[1]); }

static double ddx(double x, double y) { return __enzyme_fwddiff((void *)f, x, 1.0, enzyme_const, y); }
__attribute__((noinline)) double ddy(double x, double y) { return __enzyme_fwddiff((void *)f, enzyme_const, x, y, 1.0); }
__attribute__((noinline)) double grad_norm2(double x, double y) {
  double a = ddx(x, y), b = ddy(x, y);
  return a * a + b * b;
}
__attribute__((noinline)) void jvp(const double *x, const double *v, double *out) {
  double y[2];
  __enzyme_fwddiff_v((void *)vf, x, v, y, out);
}

static double Y0 = 1.3, X0 = 0.6;
static double fx(double x) { return f(x, Y0); }
static double fy(double y) { return f(X0, y); }
static double VX[2] = {0.7, -0.2}, VV[2] = {1.0, 2.0};
static int OUT;
static double along(double t) {
  double x[2] = {VX[0] + t * VV[0], VX[1] + t * VV[1]}, y[2];
  vf(x, y);
  return y[OUT];
}

int main(void) {
  double a = ddx(X0, Y0), b = ddy(X0, Y0);
  CHECK("helper ddx", a, ck_fd1(fx, X0));
  CHECK("helper ddy", b, ck_fd1(fy, Y0));
  double ax = ck_fd1(fx, X0), by = ck_fd1(fy, Y0);
  CHECK("helper calling helpers", grad_norm2(X0, Y0), ax * ax + by * by);
  double out[2];
  jvp(VX, VV, out);
  for (OUT = 0; OUT < 2; OUT++) CHECK("helper jvp", out[OUT], ck_fd1(along, 0.0));
  return ck_done();
}
