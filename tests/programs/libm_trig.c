// TEST: libm trigonometric functions: sin cos tan atan atan2 asin acos, each at several points
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f_sin(double x) { return sin(x); }
static double f_cos(double x) { return cos(x); }
static double f_tan(double x) { return tan(x); }
static double f_atan(double x) { return atan(x); }
static double f_asin(double x) { return asin(x); }
static double f_acos(double x) { return acos(x); }
static double f_atan2(double y, double x) { return atan2(y, x); }
static double AX;
static double f_atan2_y(double y) { return atan2(y, AX); }
static double AY;
static double f_atan2_x(double x) { return atan2(AY, x); }

/* A macro, not a helper taking a function pointer: the marker's function
   operand must be a known function at every -O level. */
#define check1(label, f, xv)                                              \
  do {                                                                    \
    char name_[48];                                                       \
    double x_ = (xv);                                                     \
    snprintf(name_, sizeof name_, "d %s at %g", label, x_);               \
    CHECK(name_, __enzyme_fwddiff((void *)f, x_, 1.0), ck_fd1(f, x_));    \
  } while (0)

int main(void) {
  const double pts[] = {-0.7, 0.3, 0.9};
  for (int i = 0; i < 3; i++) {
    double x = pts[i];
    check1("sin", f_sin, x * 3.0);
    check1("cos", f_cos, x * 3.0);
    check1("tan", f_tan, x);
    check1("atan", f_atan, x * 4.0);
    check1("asin", f_asin, x);
    check1("acos", f_acos, x);
  }
  const double yx[][2] = {{0.5, 1.5}, {-1.0, 0.3}, {0.7, -2.0}, {-0.4, -0.9}};
  for (int i = 0; i < 4; i++) {
    AY = yx[i][0];
    AX = yx[i][1];
    char name[48];
    snprintf(name, sizeof name, "d atan2/dy at (%g,%g)", AY, AX);
    CHECK(name, __enzyme_fwddiff((void *)f_atan2, AY, 1.0, AX, 0.0), ck_fd1(f_atan2_y, AY));
    snprintf(name, sizeof name, "d atan2/dx at (%g,%g)", AY, AX);
    CHECK(name, __enzyme_fwddiff((void *)f_atan2, AY, 0.0, AX, 1.0), ck_fd1(f_atan2_x, AX));
  }
  return ck_done();
}
