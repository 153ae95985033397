// TEST: libm calls with an integer result of a float argument (ilogb, lround, llrint, ...) and glibc's classification calls (__isinf, __isnan, __finite, __signbit) carry no derivative: both modes differentiate the float expression around them, float and double
#include "include/catalase_check.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
float __enzyme_autodifff(void *, ...) __asm__("__enzyme_autodiff");
int __isinf(double);
int __isnan(double);
int __finite(double);
int __isinff(float);

static double f(double x) {
  double s = x * x * 0.5;
  s += x * ilogb(x * 4.0) + lround(x * 3.0) + lrint(x) + llround(x) + llrint(x * 2.0);
  s += x * (signbit(x) + __isnan(x) + __isinf(x) + __finite(x) + fpclassify(x));
  s += exp(x) * floor(x) + ceil(x) * x + round(x) + trunc(x);
  return s;
}

static float g(float x) { return x * (float)ilogbf(x * 8.0f) + sinf(x) * (float)(__isinff(x) + lroundf(x)); }
/* g in double, for the finite differences. */
static double g_twin(double x) { return x * ilogb(x * 8.0) + sin(x) * (__isinf(x) + lround(x)); }

int main(void) {
  const double xs[] = {0.93, 1.21, 2.37, -0.26, -5.55, 3.1};
  char name[64];
  for (int i = 0; i < 6; i++) {
    double x = xs[i];
    snprintf(name, sizeof name, "reverse d f/dx at %g", x);
    CHECK(name, __enzyme_autodiff((void *)f, x), ck_fd1(f, x));
    snprintf(name, sizeof name, "forward d f/dx at %g", x);
    CHECK(name, __enzyme_fwddiff((void *)f, x, 1.0), ck_fd1(f, x));
    snprintf(name, sizeof name, "reverse d g/dx at %g (float)", x);
    CHECK_F32(name, __enzyme_autodifff((void *)g, (float)x), ck_fd1(g_twin, (double)(float)x));
  }
  return ck_done();
}
