// TEST: forward-mode tangents of sin and cos of one operand that reuse each other's primal result (cos then sin as in a Rodrigues rotation, sin then cos, float, a call in between that keeps them apart, one of the pair inactive in use, width 4); every tangent against finite differences
#include "include/catalase_check.h"

extern int enzyme_width, enzyme_dup, enzyme_const;
double __enzyme_fwddiff(void *, ...);
float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");
typedef struct { double d[4]; } d4;
d4 __enzyme_fwddiff_4(void *, ...) __asm__("__enzyme_fwddiff");

/* Rodrigues: cos then sin of theta, both used. */
static double rotate(double t, double x, double y) {
  double c = cos(t), s = sin(t);
  return (c * x - s * y) * (s * x + c * y) + c;
}

/* sin first, then cos; the sum only uses sin through a product. */
static double sin_first(double t) {
  double s = sin(t);
  double c = cos(t);
  return s * s * t + 3.0 * c;
}

static float rotate_f(float t, float x) {
  float c = cosf(t), s = sinf(t);
  return c * x * x + s * x;
}

/* A call between the two: each keeps its own tangent rule. */
__attribute__((noinline)) static double mid(double v) { return v * 1.5 + 0.25; }
static double apart(double t) {
  double c = cos(t);
  double m = mid(t);
  double s = sin(t);
  return c * m + s * s;
}

/* Only sin(t) is used; cos(t) of the same operand still sits beside it. */
static volatile double sink;
static double half_used(double t) {
  double c = cos(t), s = sin(t);
  sink = c;
  return s * t;
}

static double gx = 0.7, gy = -1.3;
static double f_rotate_t(double t) { return rotate(t, gx, gy); }
static double f_rotate_x(double x) { return rotate(0.9, x, gy); }

int main(void) {
  CHECK("rotate d/dt", __enzyme_fwddiff((void *)rotate, 0.9, 1.0, gx, 0.0, gy, 0.0), ck_fd1(f_rotate_t, 0.9));
  CHECK("rotate d/dx", __enzyme_fwddiff((void *)rotate, 0.9, 0.0, gx, 1.0, gy, 0.0), ck_fd1(f_rotate_x, gx));
  CHECK("sin first", __enzyme_fwddiff((void *)sin_first, 2.2, 1.0), ck_fd1(sin_first, 2.2));
  CHECK("apart", __enzyme_fwddiff((void *)apart, -0.4, 1.0), ck_fd1(apart, -0.4));
  CHECK("half used", __enzyme_fwddiff((void *)half_used, 1.1, 1.0), ck_fd1(half_used, 1.1));
  float t = 0.6f, x = 1.7f;
  CHECK_F32("float rotate d/dt", __enzyme_fwddiff_f((void *)rotate_f, t, 1.0f, x, 0.0f),
            -sinf(t) * x * x + cosf(t) * x);
  d4 w = __enzyme_fwddiff_4((void *)rotate, enzyme_width, 4, 0.9, 1.0, 0.0, 2.0, -1.0, gx, 0.0, 1.0, 0.0, 0.5,
                            gy, 0.0, 0.0, 0.0, 0.0);
  double dt = ck_fd1(f_rotate_t, 0.9), dx = ck_fd1(f_rotate_x, gx);
  CHECK("width 4 lane 0", w.d[0], dt);
  CHECK("width 4 lane 1", w.d[1], dx);
  CHECK("width 4 lane 2", w.d[2], 2.0 * dt);
  CHECK("width 4 lane 3", w.d[3], -dt + 0.5 * dx);
  return ck_done();
}
