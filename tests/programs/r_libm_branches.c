// TEST: reverse mode (__enzyme_autodiff) through libm (pow, atan2, hypot, erf, log1p, cbrt, fmax), float arguments, a switch and a ternary, three gradients returned in a struct
#include "include/catalase_check.h"

typedef struct { double da, db, dc; } G3;
typedef struct { float dx, dy; } G2f;
double __enzyme_autodiff(void *, ...);
G3 __enzyme_autodiff_g3(void *, ...);
G2f __enzyme_autodiff_g2f(void *, ...);

static double lib(double a, double b, double c) {
  return pow(a, b) + atan2(b, c) * hypot(a, c) + erf(a * c) + log1p(b * b) + cbrt(c) + fmax(a, c);
}
static float fl(float x, float y) { return sinf(x) * y + x / (1.0f + y * y); }
static double mode(double x, int k) {
  double r;
  switch (k) {
  case 0: r = x * x; break;
  case 1: r = exp(-x) * x; break;
  case 2: r = x > 1.0 ? log(x) : x - 1.0; break;
  default: r = 3.0 * x;
  }
  return r * r;
}

static double A = 1.3, B = 0.7, C = 2.1;
static int K;
static double lib_a(double a) { return lib(a, B, C); }
static double lib_b(double b) { return lib(A, b, C); }
static double lib_c(double c) { return lib(A, B, c); }
static double mode_x(double x) { return mode(x, K); }
static float FY = 0.6f;

int main(void) {
  G3 g = __enzyme_autodiff_g3((void *)lib, A, B, C);
  CHECK("lib: d/da", g.da, ck_fd1(lib_a, A));
  CHECK("lib: d/db", g.db, ck_fd1(lib_b, B));
  CHECK("lib: d/dc", g.dc, ck_fd1(lib_c, C));
  for (K = 0; K < 4; K++) {
    CHECK("switch: d/dx", __enzyme_autodiff((void *)mode, 1.7, enzyme_const, K), ck_fd1(mode_x, 1.7));
    CHECK("switch: d/dx", __enzyme_autodiff((void *)mode, 0.4, enzyme_const, K), ck_fd1(mode_x, 0.4));
  }
  G2f gf = __enzyme_autodiff_g2f((void *)fl, 0.9f, FY);
  // A float function's finite difference is too coarse: the closed form is the reference.
  CHECK_F32("float: d/dx", gf.dx, cos(0.9) * FY + 1.0 / (1.0 + FY * FY));
  CHECK_F32("float: d/dy", gf.dy, sin(0.9) - 2.0 * 0.9 * FY / ((1.0 + FY * FY) * (1.0 + FY * FY)));
  return ck_done();
}
