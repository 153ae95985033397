// TEST: llvm.sincos (clang's __builtin_sincos without errno: one call returning {sin x, cos x}), a rule row with two outputs, in forward and reverse mode, double and float; derivatives against finite differences
// CFLAGS: -fno-math-errno
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);
float __enzyme_fwddiff_f(void *, float, float) __asm__("__enzyme_fwddiff");
float __enzyme_autodiff_f(void *, float) __asm__("__enzyme_autodiff");

/* Both results used, each in a different way, and the argument itself computed. */
static double f(double x) {
  double s, c;
  __builtin_sincos(1.5 * x + 0.2, &s, &c);
  return s * s * c + 2.0 * c - x * s;
}
static float f_f(float x) {
  float s, c;
  __builtin_sincosf(1.5f * x + 0.2f, &s, &c);
  return s * s * c + 2.0f * c - x * s;
}
/* Only the cosine used. */
static double g(double x) {
  double s, c;
  __builtin_sincos(x * x, &s, &c);
  return c;
}

int main(void) {
  const double xs[] = {-1.3, 0.0, 0.45, 2.2};
  char name[64];
  for (int i = 0; i < 4; i++) {
    double x = xs[i];
    snprintf(name, sizeof name, "forward sincos at %g", x);
    CHECK(name, __enzyme_fwddiff((void *)f, x, 1.0), ck_fd1(f, x));
    snprintf(name, sizeof name, "reverse sincos at %g", x);
    CHECK(name, __enzyme_autodiff((void *)f, x), ck_fd1(f, x));
    snprintf(name, sizeof name, "reverse cos part at %g", x);
    CHECK(name, __enzyme_autodiff((void *)g, x), ck_fd1(g, x));
    snprintf(name, sizeof name, "float forward at %g", x);
    CHECK_F32(name, __enzyme_fwddiff_f((void *)f_f, (float)x, 1.0f), ck_fd1(f, (float)x));
    snprintf(name, sizeof name, "float reverse at %g", x);
    CHECK_F32(name, __enzyme_autodiff_f((void *)f_f, (float)x), ck_fd1(f, (float)x));
  }
  return ck_done();
}
