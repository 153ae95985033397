// TEST: float libm variants (sinf cosf tanf expf exp2f logf log2f log10f sqrtf powf cbrtf atanf atan2f tanhf sinhf coshf erff log1pf expm1f hypotf fabsf)
#include "include/catalase_check.h"

/* Typed prototypes: the float value and its tangent arrive as float. */
float __enzyme_fwddiff(void *, float, float);
float __enzyme_fwddiff2(void *, float, float, float, float);

#define PAIR(name, fexpr, dexpr)                                  \
  static float f_##name(float x) { return fexpr; }                \
  static double d_##name(double x) { return dexpr; }
PAIR(sinf, sinf(x), sin(x))
PAIR(cosf, cosf(x), cos(x))
PAIR(tanf, tanf(x), tan(x))
PAIR(expf, expf(x), exp(x))
PAIR(exp2f, exp2f(x), exp2(x))
PAIR(logf, logf(x), log(x))
PAIR(log2f, log2f(x), log2(x))
PAIR(log10f, log10f(x), log10(x))
PAIR(sqrtf, sqrtf(x), sqrt(x))
PAIR(cbrtf, cbrtf(x), cbrt(x))
PAIR(atanf, atanf(x), atan(x))
PAIR(tanhf, tanhf(x), tanh(x))
PAIR(sinhf, sinhf(x), sinh(x))
PAIR(coshf, coshf(x), cosh(x))
PAIR(erff, erff(x), erf(x))
PAIR(log1pf, log1pf(x), log1p(x))
PAIR(expm1f, expm1f(x), expm1(x))
PAIR(fabsf, fabsf(x) * x, fabs(x) * x)
PAIR(asinf, asinf(x), asin(x))

static float f_powf(float x, float y) { return powf(x, y); }
static float f_atan2f(float y, float x) { return atan2f(y, x); }
static float f_hypotf(float x, float y) { return hypotf(x, y); }
static double G2;
static double d_powf(double x) { return pow(x, G2); }
static double d_atan2f(double y) { return atan2(y, G2); }
static double d_hypotf(double x) { return hypot(x, G2); }

#define CHECKF(name, xv)                                                          \
  do {                                                                            \
    char n_[48];                                                                  \
    float x_ = (xv);                                                              \
    snprintf(n_, sizeof n_, "d " #name " at %g", (double)x_);                     \
    CHECK_F32(n_, __enzyme_fwddiff((void *)f_##name, x_, 1.0f), ck_fd1(d_##name, (double)x_)); \
  } while (0)

#define CHECKF2(name, xv, yv)                                                     \
  do {                                                                            \
    char n_[48];                                                                  \
    float x_ = (xv), y_ = (yv);                                                   \
    G2 = y_;                                                                      \
    snprintf(n_, sizeof n_, "d " #name "/dx at (%g,%g)", (double)x_, (double)y_); \
    CHECK_F32(n_, __enzyme_fwddiff2((void *)f_##name, x_, 1.0f, y_, 0.0f),      \
              ck_fd1(d_##name, (double)x_));                                      \
  } while (0)

int main(void) {
  const float xs[] = {0.35f, 1.25f};
  for (int i = 0; i < 2; i++) {
    float x = xs[i];
    CHECKF(sinf, x); CHECKF(cosf, x); CHECKF(tanf, x); CHECKF(expf, x);
    CHECKF(exp2f, x); CHECKF(logf, x); CHECKF(log2f, x); CHECKF(log10f, x);
    CHECKF(sqrtf, x); CHECKF(cbrtf, x); CHECKF(atanf, x); CHECKF(tanhf, x);
    CHECKF(sinhf, x); CHECKF(coshf, x); CHECKF(erff, x); CHECKF(log1pf, x);
    CHECKF(expm1f, x); CHECKF(fabsf, -x); CHECKF(asinf, x * 0.5f);
    CHECKF2(powf, x, 1.5f);
    CHECKF2(atan2f, x, -0.75f);
    CHECKF2(hypotf, x, 2.0f);
  }
  return ck_done();
}
