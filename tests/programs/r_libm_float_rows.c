// TEST: the float (f-suffixed) libm functions in reverse mode, each gradient against the finite difference of its double twin and against the forward tangent: one-argument rows (trig, inverse trig, hyperbolic, exp/log families, roots, erf/erfc), two-argument rows (powf, atan2f, hypotf, fmodf, remainderf, copysignf, fminf, fmaxf, fdimf-free), ldexpf/scalbnf with an inactive int, frexpf's exponent pointer, fmaf
#include "include/catalase_check.h"

typedef struct { float dx, dy; } F2;
typedef struct { float dx, dy, dz; } F3;
float __enzyme_autodiff_f(void *, ...);
F2 __enzyme_autodiff_f2(void *, ...);
F3 __enzyme_autodiff_f3(void *, ...);
float __enzyme_fwddiff_f(void *, ...);

#define ROW1(name, x0, fexpr, dexpr)                                  \
  static float kf_##name(float x) { return fexpr; }                   \
  static double kd_##name(double x) { return dexpr; }                 \
  static void row_##name(void) {                                      \
    float g = __enzyme_autodiff_f((void *)kf_##name, (float)(x0));    \
    CHECK_F32(#name ": reverse", g, ck_fd1(kd_##name, (float)(x0)));  \
    float t = __enzyme_fwddiff_f((void *)kf_##name, (float)(x0), 1.0f); \
    CHECK_F32(#name ": forward = reverse", t, g);                     \
  }
ROW1(sinf, 0.7, sinf(x) * x, sin(x) * x)
ROW1(cosf, 0.7, cosf(2.0f * x), cos(2.0 * x))
ROW1(tanf, 0.4, tanf(x), tan(x))
ROW1(asinf, 0.3, asinf(x), asin(x))
ROW1(acosf, -0.2, acosf(x), acos(x))
ROW1(atanf, 1.3, atanf(x), atan(x))
ROW1(sinhf, 0.6, sinhf(x), sinh(x))
ROW1(coshf, 0.6, coshf(x), cosh(x))
ROW1(tanhf, 0.5, tanhf(x), tanh(x))
ROW1(expf, 0.9, expf(x), exp(x))
ROW1(exp2f, 0.9, exp2f(x), exp2(x))
ROW1(expm1f, 0.2, expm1f(x), expm1(x))
ROW1(logf, 1.7, logf(x), log(x))
ROW1(log2f, 1.7, log2f(x), log2(x))
ROW1(log10f, 1.7, log10f(x), log10(x))
ROW1(log1pf, 0.4, log1pf(x), log1p(x))
ROW1(sqrtf, 2.2, sqrtf(x), sqrt(x))
ROW1(cbrtf, 2.2, cbrtf(x), cbrt(x))
ROW1(erff, 0.5, erff(x), erf(x))
ROW1(erfcf, 0.5, erfcf(x), erfc(x))
ROW1(fabsf, -0.8, fabsf(x) * x, fabs(x) * x)
ROW1(ldexpf, 0.8, ldexpf(x, 3), ldexp(x, 3))
ROW1(scalbnf, 0.8, scalbnf(x, -2), scalbn(x, -2))
ROW1(powi, 1.1, powf(x, 3.0f), pow(x, 3.0))

#define ROW2(name, x0, y0, fexpr, dexpr)                                      \
  static float kf_##name(float x, float y) { return fexpr; }                  \
  static double kd_##name(double x, double y) { return dexpr; }               \
  static double kdx_##name(double x) { return kd_##name(x, (float)(y0)); }    \
  static double kdy_##name(double y) { return kd_##name((float)(x0), y); }    \
  static void row_##name(void) {                                              \
    F2 g = __enzyme_autodiff_f2((void *)kf_##name, (float)(x0), (float)(y0)); \
    CHECK_F32(#name ": reverse d/dx", g.dx, ck_fd1(kdx_##name, (float)(x0))); \
    CHECK_F32(#name ": reverse d/dy", g.dy, ck_fd1(kdy_##name, (float)(y0))); \
    float t = __enzyme_fwddiff_f((void *)kf_##name, (float)(x0), 0.5f, (float)(y0), -2.0f); \
    CHECK_F32(#name ": forward = reverse", t, 0.5f * g.dx - 2.0f * g.dy);    \
  }
ROW2(powf, 1.3, 0.7, powf(x, y), pow(x, y))
ROW2(atan2f, 0.4, -0.9, atan2f(x, y), atan2(x, y))
ROW2(hypotf, 0.4, -0.9, hypotf(x, y), hypot(x, y))
ROW2(fmodf, 2.3, 0.7, fmodf(x, y), fmod(x, y))
ROW2(remainderf, 2.3, 0.7, remainderf(x, y), remainder(x, y))
ROW2(copysignf, 1.2, -0.5, copysignf(x * x, y) + y, copysign(x * x, y) + y)
ROW2(fminf, 0.3, 0.8, fminf(x * x, y) + y, fmin(x * x, y) + y)
ROW2(fmaxf, 0.3, 0.8, fmaxf(x * x, y) * x, fmax(x * x, y) * x)

/* frexpf writes the exponent through an inactive int pointer */
static float kf_frexp(float x) {
  int e;
  float m = frexpf(x, &e);
  return m * (float)e + m * m;
}
static double kd_frexp(double x) {
  int e;
  double m = frexp(x, &e);
  return m * (double)e + m * m;
}
static float kf_fma(float x, float y, float z) { return fmaf(x, y, z) * z; }

int main(void) {
  row_sinf(); row_cosf(); row_tanf(); row_asinf(); row_acosf(); row_atanf();
  row_sinhf(); row_coshf(); row_tanhf(); row_expf(); row_exp2f(); row_expm1f();
  row_logf(); row_log2f(); row_log10f(); row_log1pf(); row_sqrtf(); row_cbrtf();
  row_erff(); row_erfcf(); row_fabsf(); row_ldexpf(); row_scalbnf(); row_powi();
  row_powf(); row_atan2f(); row_hypotf(); row_fmodf(); row_remainderf();
  row_copysignf(); row_fminf(); row_fmaxf();
  CHECK_F32("frexpf: reverse", __enzyme_autodiff_f((void *)kf_frexp, 5.5f), ck_fd1(kd_frexp, 5.5));
  float x = 0.6f, y = -1.4f, z = 0.9f;
  F3 g = __enzyme_autodiff_f3((void *)kf_fma, x, y, z);
  CHECK_F32("fmaf: d/dx", g.dx, (double)y * z);
  CHECK_F32("fmaf: d/dy", g.dy, (double)x * z);
  CHECK_F32("fmaf: d/dz", g.dz, (double)x * y + 2.0 * z);
  return ck_done();
}
