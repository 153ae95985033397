// TEST: derivatives of x / y where the quotient's partials overflow but the derivative does not (y = 1e-160 with a zero tangent or adjoint on y, y = 1e160, second order at y = 1e80), in forward mode (width 1 and 2), reverse mode and forward over forward: no 0·∞ NaN, no squared denominator
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);
typedef struct { double d[2]; } v2;
v2 __enzyme_fwddiff2(void *, ...) __asm__("__enzyme_fwddiff");
typedef struct { double dx, dy; } grad2;
grad2 __enzyme_autodiff2(void *, ...) __asm__("__enzyme_autodiff");

__attribute__((noinline)) static double f(double x, double y) { return x / y; }
static double dfdx(double x, double y) { return __enzyme_fwddiff((void *)f, x, 1.0, y, 0.0); }
static double dfdy(double x, double y) { return __enzyme_fwddiff((void *)f, x, 0.0, y, 1.0); }
static double d2fdy2(double x, double y) { return __enzyme_fwddiff((void *)dfdy, x, 0.0, y, 1.0); }
static double d2fdxdy(double x, double y) { return __enzyme_fwddiff((void *)dfdx, x, 0.0, y, 1.0); }

/* A quotient inside a larger expression, so that the rows around it matter too. */
static double g(double x, double y) { return 3.0 * (x / y) + x; }

static double GX, GY;
static double g_of_x(double x) { return g(x, GY); }
static double g_of_y(double y) { return g(GX, y); }

/* Central difference with a step relative to y (ck_fd1's step is absolute below 1). */
static double fd_rel(double (*h)(double), double y) {
  double e = 1e-6 * fabs(y);
  return (h(y + e) - h(y - e)) / (2.0 * e);
}

int main(void) {
  char name[80];
  double y = 1e-160;
  CHECK("forward df/dx * y, y = 1e-160", dfdx(2.0, y) * y, 1.0);
  CHECK("forward df/dy * y, x = y = 1e-160", dfdy(y, y) * y, -1.0);
  grad2 r = __enzyme_autodiff2((void *)f, 2.0, y);
  CHECK("reverse df/dx * y, y = 1e-160", r.dx * y, 1.0);
  v2 w = __enzyme_fwddiff2((void *)f, enzyme_width, 2, 2.0, 1.0, 0.0, y, 0.0, 0.0);
  CHECK("width 2: lane 0 df/dx * y", w.d[0] * y, 1.0);
  CHECK("width 2: lane 1 zero", w.d[1], 0.0);

  y = 1e160;
  CHECK("forward df/dx * y, y = 1e160", dfdx(2.0, y) * y, 1.0);
  CHECK("forward df/dy * y, x = y = 1e160", dfdy(y, y) * y, -1.0);
  r = __enzyme_autodiff2((void *)f, y, y);
  CHECK("reverse df/dx * y, y = 1e160", r.dx * y, 1.0);
  CHECK("reverse df/dy * y, x = y = 1e160", r.dy * y, -1.0);

  y = 1e80;
  CHECK("d2f/dy2 * y^3, y = 1e80", d2fdy2(1.0, y) * (y * y) * y, 2.0);
  CHECK("d2f/dxdy * y^2, y = 1e80", d2fdxdy(1.0, y) * y * y, -1.0);

  /* Ordinary magnitudes: finite differences, both modes, both lanes. */
  const double pts[][2] = {{0.7, 1.3}, {-2.5, 0.04}, {3.0, -7.5}};
  for (int i = 0; i < 3; i++) {
    GX = pts[i][0], GY = pts[i][1];
    grad2 rg = __enzyme_autodiff2((void *)g, GX, GY);
    v2 fg = __enzyme_fwddiff2((void *)g, enzyme_width, 2, GX, 1.0, 0.0, GY, 0.0, 1.0);
    snprintf(name, sizeof name, "reverse dg/dx at (%g,%g)", GX, GY);
    CHECK(name, rg.dx, ck_fd1(g_of_x, GX));
    snprintf(name, sizeof name, "reverse dg/dy at (%g,%g)", GX, GY);
    CHECK(name, rg.dy, fd_rel(g_of_y, GY));
    snprintf(name, sizeof name, "width 2 dg/dx at (%g,%g)", GX, GY);
    CHECK(name, fg.d[0], rg.dx);
    snprintf(name, sizeof name, "width 2 dg/dy at (%g,%g)", GX, GY);
    CHECK(name, fg.d[1], rg.dy);
    snprintf(name, sizeof name, "width 1 dg/dy at (%g,%g)", GX, GY);
    CHECK(name, __enzyme_fwddiff((void *)g, GX, 0.0, GY, 1.0), rg.dy);
  }
  return ck_done();
}
