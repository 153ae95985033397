// TEST: second derivatives of libm functions by three nestings: forward over forward (__enzyme_fwddiff of a function that calls __enzyme_fwddiff), forward over reverse (__enzyme_fwddiff of an __enzyme_autodiff gradient with enzyme_out) and reverse over forward (__enzyme_autodiff of a tangent); unary rows (erf, erfc, lgamma, tgamma, cbrt, expm1, log1p, tan, atan, asin, acos, sinh, cosh, tanh, exp2, log2, log10, sqrt) and the mixed partials of the binary rows (pow, atan2, fmod, hypot, remainder, fmin/fmax, copysign); each first derivative and each second derivative against finite differences of the first
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);
typedef struct { double dx, dy; } grad2;
grad2 __enzyme_autodiff2(void *, ...) __asm__("__enzyme_autodiff");

#define UNARY(NAME, EXPR)                                                                     \
  static double NAME(double x) { return EXPR; }                                               \
  static double NAME##_f(double x) { return __enzyme_fwddiff((void *)NAME, x, 1.0); }         \
  static double NAME##_r(double x) { return __enzyme_autodiff((void *)NAME, enzyme_out, x); } \
  static void NAME##_check(double x) {                                                        \
    char label[96];                                                                           \
    snprintf(label, sizeof label, "%s' at %g", #NAME, x);                                     \
    CHECK(label, NAME##_f(x), ck_fd1(NAME, x));                                               \
    snprintf(label, sizeof label, "%s' (reverse) at %g", #NAME, x);                           \
    CHECK(label, NAME##_r(x), ck_fd1(NAME, x));                                               \
    snprintf(label, sizeof label, "%s'' fwd/fwd at %g", #NAME, x);                            \
    CHECK(label, __enzyme_fwddiff((void *)NAME##_f, x, 1.0), ck_fd1(NAME##_f, x));            \
    snprintf(label, sizeof label, "%s'' fwd/rev at %g", #NAME, x);                            \
    CHECK(label, __enzyme_fwddiff((void *)NAME##_r, x, 1.0), ck_fd1(NAME##_f, x));            \
    snprintf(label, sizeof label, "%s'' rev/fwd at %g", #NAME, x);                            \
    CHECK(label, __enzyme_autodiff((void *)NAME##_f, enzyme_out, x), ck_fd1(NAME##_f, x));    \
  }

UNARY(u_erf, erf(1.3 * x) * x)
UNARY(u_erfc, erfc(x) + 0.25 * x * x)
UNARY(u_lgamma, lgamma(x))
UNARY(u_tgamma, tgamma(x))
UNARY(u_cbrt, cbrt(x * x + 0.5))
UNARY(u_expm1, expm1(x) * expm1(-0.5 * x))
UNARY(u_log1p, log1p(x * x) / (1.0 + x * x))
UNARY(u_tan, tan(0.6 * x))
UNARY(u_atan, atan(x * x - 1.0))
UNARY(u_asin, asin(0.4 * x))
UNARY(u_acos, acos(0.3 * x) * x)
UNARY(u_sinh, sinh(x) / cosh(0.5 * x))
UNARY(u_tanh, tanh(x * x))
UNARY(u_exp2, exp2(x) + log2(x * x + 1.0))
UNARY(u_log10, log10(x * x + 2.0) * sqrt(x * x + 0.1))

/* binary rows: value and both partials at (x, y), then the three second partials */
#define BINARY(NAME, EXPR)                                                                          \
  static double NAME(double x, double y) { return EXPR; }                                           \
  static double NAME##_dx(double x, double y) { return __enzyme_fwddiff((void *)NAME, x, 1.0, y, 0.0); } \
  static double NAME##_dy(double x, double y) { return __enzyme_fwddiff((void *)NAME, x, 0.0, y, 1.0); } \
  static double NAME##_rx(double x, double y) { return __enzyme_autodiff2((void *)NAME, x, y).dx; }      \
  static double NAME##_ry(double x, double y) { return __enzyme_autodiff2((void *)NAME, x, y).dy; }      \
  static void NAME##_check(double x, double y) {                                                    \
    double h = ck_step(x), k = ck_step(y);                                                          \
    double fx = (NAME(x + h, y) - NAME(x - h, y)) / (2 * h);                                        \
    double fy = (NAME(x, y + k) - NAME(x, y - k)) / (2 * k);                                        \
    double fxx = (NAME##_dx(x + h, y) - NAME##_dx(x - h, y)) / (2 * h);                             \
    double fxy = (NAME##_dx(x, y + k) - NAME##_dx(x, y - k)) / (2 * k);                             \
    double fyy = (NAME##_dy(x, y + k) - NAME##_dy(x, y - k)) / (2 * k);                             \
    char label[96];                                                                                 \
    snprintf(label, sizeof label, "%s dx at (%g,%g)", #NAME, x, y);                                 \
    CHECK(label, NAME##_dx(x, y), fx);                                                              \
    snprintf(label, sizeof label, "%s dy at (%g,%g)", #NAME, x, y);                                 \
    CHECK(label, NAME##_dy(x, y), fy);                                                              \
    grad2 g = __enzyme_autodiff2((void *)NAME, x, y);                                               \
    snprintf(label, sizeof label, "%s rev dx at (%g,%g)", #NAME, x, y);                             \
    CHECK(label, g.dx, fx);                                                                         \
    snprintf(label, sizeof label, "%s rev dy at (%g,%g)", #NAME, x, y);                             \
    CHECK(label, g.dy, fy);                                                                         \
    snprintf(label, sizeof label, "%s dxx ff at (%g,%g)", #NAME, x, y);                             \
    CHECK(label, __enzyme_fwddiff((void *)NAME##_dx, x, 1.0, y, 0.0), fxx);                         \
    snprintf(label, sizeof label, "%s dxy ff at (%g,%g)", #NAME, x, y);                             \
    CHECK(label, __enzyme_fwddiff((void *)NAME##_dx, x, 0.0, y, 1.0), fxy);                         \
    snprintf(label, sizeof label, "%s dyy ff at (%g,%g)", #NAME, x, y);                             \
    CHECK(label, __enzyme_fwddiff((void *)NAME##_dy, x, 0.0, y, 1.0), fyy);                         \
    snprintf(label, sizeof label, "%s dxx fr at (%g,%g)", #NAME, x, y);                             \
    CHECK(label, __enzyme_fwddiff((void *)NAME##_rx, x, 1.0, y, 0.0), fxx);                         \
    snprintf(label, sizeof label, "%s dyx fr at (%g,%g)", #NAME, x, y);                             \
    CHECK(label, __enzyme_fwddiff((void *)NAME##_ry, x, 1.0, y, 0.0), fxy);                         \
    snprintf(label, sizeof label, "%s dyy fr at (%g,%g)", #NAME, x, y);                             \
    CHECK(label, __enzyme_fwddiff((void *)NAME##_ry, x, 0.0, y, 1.0), fyy);                         \
    grad2 hr = __enzyme_autodiff2((void *)NAME##_dy, x, y);                                         \
    snprintf(label, sizeof label, "%s dyx rf at (%g,%g)", #NAME, x, y);                             \
    CHECK(label, hr.dx, fxy);                                                                       \
    snprintf(label, sizeof label, "%s dyy rf at (%g,%g)", #NAME, x, y);                             \
    CHECK(label, hr.dy, fyy);                                                                       \
  }

BINARY(b_pow, pow(x, y) + pow(y * y + 1.0, 0.5 * x))
BINARY(b_atan2, atan2(y, x) * x)
BINARY(b_fmod, fmod(x * x, y) * y)
BINARY(b_hypot, hypot(x, y) * hypot(x - 1.0, 2.0 * y))
BINARY(b_remainder, remainder(x * y, 0.7) + remainder(3.0 * x, y))
BINARY(b_minmax, fmax(x * x, y) * fmin(sin(x), y * y))
BINARY(b_copysign, copysign(x * x * y, y - 0.3) + cbrt(x * y))

int main(void) {
  const double xs[] = {0.45, 1.7, -0.8};
  for (int i = 0; i < 3; i++) {
    double x = xs[i];
    u_erf_check(x);
    u_erfc_check(x);
    u_lgamma_check(x);
    u_lgamma_check(x + 3.2);
    u_tgamma_check(x);
    u_cbrt_check(x);
    u_expm1_check(x);
    u_log1p_check(x);
    u_tan_check(x);
    u_atan_check(x);
    u_asin_check(x);
    u_acos_check(x);
    u_sinh_check(x);
    u_tanh_check(x);
    u_exp2_check(x);
    u_log10_check(x);
  }
  b_pow_check(1.3, 0.7);
  b_pow_check(0.6, -1.4);
  b_atan2_check(0.9, -0.4);
  b_atan2_check(-1.2, 0.6);
  b_fmod_check(2.3, 0.9);
  b_fmod_check(-1.9, 0.7);
  b_hypot_check(0.6, -1.3);
  b_remainder_check(1.25, 0.55);
  b_minmax_check(0.8, 1.9);
  b_minmax_check(1.3, 0.4);
  b_copysign_check(0.9, 1.4);
  b_copysign_check(1.1, -0.6);
  return ck_done();
}
