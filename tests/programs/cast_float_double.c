// TEST: fpext/fptrunc casts: double in, float intermediate, double out, and the reverse
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
float __enzyme_fwddiff_f(void *, float, float);

/* double -> float -> double: derivative passes through the casts. */
static double through_float(double x) {
  float xf = (float)x;
  float y = xf * xf + 3.0f * xf;
  return (double)y * x;
}
static double through_float_d(double x) { return (x * x + 3.0 * x) * x; }

/* float -> double -> float. */
static float widen(float x) {
  double d = (double)x;
  double y = d * d * d - 0.5 / d;
  return (float)y;
}
static double widen_d(double x) { return x * x * x - 0.5 / x; }

int main(void) {
  const double xs[] = {0.75, -1.25, 2.5};
  for (int i = 0; i < 3; i++) {
    char name[64];
    double x = xs[i];
    snprintf(name, sizeof name, "d(double->float->double) at %g", x);
    CHECK_F32(name, __enzyme_fwddiff((void *)through_float, x, 1.0),
              ck_fd1(through_float_d, x));
    float xf = (float)x;
    snprintf(name, sizeof name, "d(float->double->float) at %g", x);
    CHECK_F32(name, __enzyme_fwddiff_f((void *)widen, xf, 1.0f),
              ck_fd1(widen_d, (double)xf));
  }
  return ck_done();
}
