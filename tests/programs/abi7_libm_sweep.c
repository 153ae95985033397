// TEST: ABI §7.2/§7.3 sweep: every listed libm row, double and float (the f-suffixed calls), each in forward mode (__enzyme_fwddiff, floats through `...`) and reverse mode (__enzyme_autodiff, two-float gradients as a `struct {float, float}`), against finite differences at well-conditioned points and reverse against forward (dot-product test along a mixed direction)
#define _GNU_SOURCE
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);
float __enzyme_fwddiff_f(void *, ...);
float __enzyme_autodiff_f(void *, ...);
typedef struct { double a, b; } G2;
typedef struct { float a, b; } G2f;
typedef struct { double a, b, c; } G3;
G2 __enzyme_autodiff_g2(void *, ...);
G2f __enzyme_autodiff_g2f(void *, ...);
G3 __enzyme_autodiff_g3(void *, ...);

/* One-argument rows: a double kernel and its float twin calling the f-suffixed name. */
#define K1(N, D, F)                                      \
  static double N##_d(double x) { return D; }            \
  static float N##_f(float x) { return F; }

K1(sin, sin(x), sinf(x))
K1(cos, cos(x), cosf(x))
K1(tan, tan(x), tanf(x))
K1(exp, exp(x), expf(x))
K1(exp2, exp2(x), exp2f(x))
K1(exp10, exp10(x), exp10f(x))
K1(log, log(x), logf(x))
K1(log2, log2(x), log2f(x))
K1(log10, log10(x), log10f(x))
K1(sqrt, sqrt(x), sqrtf(x))
K1(fabs, fabs(x) * x, fabsf(x) * x)
K1(atan, atan(x), atanf(x))
K1(asin, asin(x), asinf(x))
K1(acos, acos(x), acosf(x))
K1(sinh, sinh(x), sinhf(x))
K1(cosh, cosh(x), coshf(x))
K1(tanh, tanh(x), tanhf(x))
K1(asinh, asinh(x), asinhf(x))
K1(acosh, acosh(x), acoshf(x))
K1(atanh, atanh(x), atanhf(x))
K1(cbrt, cbrt(x), cbrtf(x))
K1(log1p, log1p(x), log1pf(x))
K1(expm1, expm1(x), expm1f(x))
K1(erf, erf(x), erff(x))
K1(erfc, erfc(x), erfcf(x))
K1(lgamma, lgamma(x), lgammaf(x))
K1(tgamma, tgamma(x), tgammaf(x))
K1(j0, j0(x), j0f(x))
K1(y0, y0(x), y0f(x))
K1(j1, j1(x), j1f(x))
K1(y1, y1(x), y1f(x))
K1(jn, jn(3, x), jnf(3, x))
K1(yn, yn(2, x), ynf(2, x))
K1(ldexp, ldexp(x, 3), ldexpf(x, 3))
K1(scalbn, scalbn(x, -2), scalbnf(x, -2))
K1(scalbln, scalbln(x, 5L), scalblnf(x, 5L))
K1(powi, __builtin_powi(x, 3), __builtin_powif(x, 3))
K1(pown, pow(x, 3.0), powf(x, 3.0f))
K1(powi0, __builtin_powi(x, 0) + x, __builtin_powif(x, 0) + x)
K1(frexp, ({ int e_; frexp(x, &e_); }), ({ int e_; frexpf(x, &e_); }))
/* Rounding rows have zero derivative: multiply by x so the kernel's slope is the rounded value. */
K1(floor, floor(3 * x) * x, floorf(3 * x) * x)
K1(ceil, ceil(3 * x) * x, ceilf(3 * x) * x)
K1(trunc, trunc(3 * x) * x, truncf(3 * x) * x)
K1(rint, rint(3 * x) * x, rintf(3 * x) * x)
K1(nearbyint, nearbyint(3 * x) * x, nearbyintf(3 * x) * x)
K1(round, round(3 * x) * x, roundf(3 * x) * x)
K1(roundeven, roundeven(3 * x) * x, roundevenf(3 * x) * x)
K1(lrint, (double)lrint(3 * x) * x, (float)lrintf(3 * x) * x)
K1(llround, (double)llround(3 * x) * x, (float)llroundf(3 * x) * x)
K1(logb, logb(x) * x, logbf(x) * x)

/* Two-argument rows. */
#define K2(N, D, F)                                           \
  static double N##_d(double x, double y) { return D; }       \
  static float N##_f(float x, float y) { return F; }

K2(pow, pow(x, y), powf(x, y))
K2(atan2, atan2(x, y), atan2f(x, y))
K2(hypot, hypot(x, y), hypotf(x, y))
K2(fmod, fmod(x, y), fmodf(x, y))
K2(remainder, remainder(x, y), remainderf(x, y))
K2(remquo, ({ int q_; remquo(x, y, &q_); }), ({ int q_; remquof(x, y, &q_); }))
K2(copysign, copysign(x, y) * x, copysignf(x, y) * x)
K2(fmin, fmin(x, y), fminf(x, y))
K2(fmax, fmax(x, y), fmaxf(x, y))
K2(fdim, fdim(x, y), fdimf(x, y))
K2(nextafter, nextafter(x, y), nextafterf(x, y))
K2(fmaxy, fmax(y, x), fmaxf(y, x))
K2(fminy, fmin(y, x), fminf(y, x))

static double fma_d(double x, double y, double z) { return fma(x, y, z); }
static double bfma_d(double x, double y, double z) { return __builtin_fma(x, y, z) * z; }

typedef double (*f1d)(double);
typedef float (*f1f)(float);
typedef double (*f2d)(double, double);
typedef float (*f2f)(float, float);

/* The marker's function operand is always a named function (a constant), as the ABI asks. */
#define CHECK1(N, X)                                                                     \
  do {                                                                                   \
    double x_ = (X), fd_ = ck_fd1(N##_d, x_);                                            \
    char l_[64];                                                                         \
    double fw_ = __enzyme_fwddiff((void *)N##_d, x_, 1.0);                               \
    double rv_ = __enzyme_autodiff((void *)N##_d, x_);                                   \
    snprintf(l_, sizeof l_, "%s fwd at %g", #N, x_);                                     \
    CHECK(l_, fw_, fd_);                                                                 \
    snprintf(l_, sizeof l_, "%s rev at %g", #N, x_);                                     \
    CHECK(l_, rv_, fd_);                                                                 \
    snprintf(l_, sizeof l_, "%s rev*v = fwd(v) at %g", #N, x_);                          \
    CHECK(l_, rv_ * 0.375, __enzyme_fwddiff((void *)N##_d, x_, 0.375));                  \
    float xf_ = (float)x_;                                                               \
    double fdf_ = ck_fd1(N##_d, (double)xf_);                                            \
    snprintf(l_, sizeof l_, "%sf fwd at %g", #N, x_);                                    \
    CHECK_F32(l_, __enzyme_fwddiff_f((void *)N##_f, xf_, 1.0f), fdf_);                   \
    snprintf(l_, sizeof l_, "%sf rev at %g", #N, x_);                                    \
    CHECK_F32(l_, __enzyme_autodiff_f((void *)N##_f, xf_), fdf_);                        \
  } while (0)

static double fd2(f2d f, double x, double y, double vx, double vy) {
  double h = CK_H * fmax(1.0, fmax(fabs(x), fabs(y)));
  return (f(x + h * vx, y + h * vy) - f(x - h * vx, y - h * vy)) / (2.0 * h);
}

#define CHECK2(N, X, Y)                                                                  \
  do {                                                                                   \
    double x_ = (X), y_ = (Y);                                                           \
    char l_[64];                                                                         \
    double fx_ = fd2(N##_d, x_, y_, 1, 0), fy_ = fd2(N##_d, x_, y_, 0, 1);               \
    snprintf(l_, sizeof l_, "%s fwd d/dx at (%g,%g)", #N, x_, y_);                       \
    CHECK(l_, __enzyme_fwddiff((void *)N##_d, x_, 1.0, y_, 0.0), fx_);                   \
    snprintf(l_, sizeof l_, "%s fwd d/dy at (%g,%g)", #N, x_, y_);                       \
    CHECK(l_, __enzyme_fwddiff((void *)N##_d, x_, 0.0, y_, 1.0), fy_);                   \
    G2 g_ = __enzyme_autodiff_g2((void *)N##_d, x_, y_);                                 \
    snprintf(l_, sizeof l_, "%s rev d/dx at (%g,%g)", #N, x_, y_);                       \
    CHECK(l_, g_.a, fx_);                                                                \
    snprintf(l_, sizeof l_, "%s rev d/dy at (%g,%g)", #N, x_, y_);                       \
    CHECK(l_, g_.b, fy_);                                                                \
    snprintf(l_, sizeof l_, "%s dot test at (%g,%g)", #N, x_, y_);                       \
    CHECK(l_, 0.6 * g_.a - 0.8 * g_.b, __enzyme_fwddiff((void *)N##_d, x_, 0.6, y_, -0.8)); \
    float xf_ = (float)x_, yf_ = (float)y_;                                              \
    double fxf_ = fd2(N##_d, xf_, yf_, 1, 0), fyf_ = fd2(N##_d, xf_, yf_, 0, 1);         \
    snprintf(l_, sizeof l_, "%sf fwd d/dx at (%g,%g)", #N, x_, y_);                      \
    CHECK_F32(l_, __enzyme_fwddiff_f((void *)N##_f, xf_, 1.0f, yf_, 0.0f), fxf_);        \
    snprintf(l_, sizeof l_, "%sf fwd d/dy at (%g,%g)", #N, x_, y_);                      \
    CHECK_F32(l_, __enzyme_fwddiff_f((void *)N##_f, xf_, 0.0f, yf_, 1.0f), fyf_);        \
    G2f gf_ = __enzyme_autodiff_g2f((void *)N##_f, xf_, yf_);                            \
    snprintf(l_, sizeof l_, "%sf rev d/dx at (%g,%g)", #N, x_, y_);                      \
    CHECK_F32(l_, gf_.a, fxf_);                                                          \
    snprintf(l_, sizeof l_, "%sf rev d/dy at (%g,%g)", #N, x_, y_);                      \
    CHECK_F32(l_, gf_.b, fyf_);                                                          \
  } while (0)

static double FY = 0.8, FZ = -0.7;
static double fma_x(double x) { return fma_d(x, FY, FZ); }
static double bfma_z(double z) { return bfma_d(1.3, FY, z); }

int main(void) {
  const double pts[2] = {0.35, 0.8};
  for (int i = 0; i < 2; i++) {
    double x = pts[i];
    CHECK1(sin, x); CHECK1(cos, x); CHECK1(tan, x); CHECK1(exp, x); CHECK1(exp2, x);
    CHECK1(exp10, x); CHECK1(log, x); CHECK1(log2, x); CHECK1(log10, x); CHECK1(sqrt, x);
    CHECK1(fabs, -x); CHECK1(fabs, x); CHECK1(atan, x); CHECK1(asin, x); CHECK1(acos, x);
    CHECK1(sinh, x); CHECK1(cosh, x); CHECK1(tanh, x); CHECK1(asinh, x); CHECK1(acosh, 1 + x);
    CHECK1(atanh, x); CHECK1(cbrt, x); CHECK1(cbrt, -x); CHECK1(log1p, x); CHECK1(expm1, x);
    CHECK1(erf, x); CHECK1(erfc, x); CHECK1(lgamma, 1 + x); CHECK1(tgamma, 1 + x);
    CHECK1(j0, 1 + x); CHECK1(y0, 1 + x); CHECK1(j1, 1 + x); CHECK1(y1, 1 + x);
    CHECK1(jn, 1 + x); CHECK1(yn, 1 + x); CHECK1(ldexp, x); CHECK1(scalbn, x);
    CHECK1(scalbln, x); CHECK1(powi, 1 + x); CHECK1(powi, -x); CHECK1(powi0, x); CHECK1(pown, -1 - x);
    CHECK1(frexp, 3 * x); CHECK1(frexp, -x);
    CHECK1(floor, x); CHECK1(ceil, x); CHECK1(trunc, -x); CHECK1(rint, x);
    CHECK1(nearbyint, x); CHECK1(round, x); CHECK1(roundeven, x); CHECK1(lrint, x);
    CHECK1(llround, -x); CHECK1(logb, 2 + x);

    CHECK2(pow, 1 + x, 1.7); CHECK2(atan2, x, 0.9); CHECK2(atan2, -x, -0.9);
    CHECK2(hypot, x, -1.2); CHECK2(fmod, 2.3 + x, 0.7); CHECK2(fmod, -2.3 - x, 0.7);
    CHECK2(remainder, 2.3 + x, 0.7); CHECK2(remquo, 2.3 + x, 0.7);
    CHECK2(copysign, x, -0.5); CHECK2(copysign, x, 0.5);
    CHECK2(fmin, x, 0.5); CHECK2(fmax, x, 0.5); CHECK2(fminy, x, 0.5); CHECK2(fmaxy, x, 0.5);
    CHECK2(fdim, x, 0.5); CHECK2(nextafter, x, 2.0);
  }
  /* fma and __builtin_fma (llvm.fma) in all three operands */
  G3 g = __enzyme_autodiff_g3((void *)fma_d, 1.3, FY, FZ);
  CHECK("fma rev d/dx", g.a, FY);
  CHECK("fma rev d/dy", g.b, 1.3);
  CHECK("fma rev d/dz", g.c, 1.0);
  CHECK("fma fwd d/dx", __enzyme_fwddiff((void *)fma_d, 1.3, 1.0, FY, 0.0, FZ, 0.0), ck_fd1(fma_x, 1.3));
  CHECK("fma dot", 0.2 * g.a + 0.3 * g.b - 0.5 * g.c,
        __enzyme_fwddiff((void *)fma_d, 1.3, 0.2, FY, 0.3, FZ, -0.5));
  G3 gb = __enzyme_autodiff_g3((void *)bfma_d, 1.3, FY, FZ);
  CHECK("builtin fma rev d/dz", gb.c, ck_fd1(bfma_z, FZ));
  CHECK("builtin fma dot", 0.2 * gb.a + 0.3 * gb.b - 0.5 * gb.c,
        __enzyme_fwddiff((void *)bfma_d, 1.3, 0.2, FY, 0.3, FZ, -0.5));
  return ck_done();
}
