// TEST: the less common libm calls in double and float, scalar arguments and through arrays: fmin/fmax (both orders), fabs, copysign (sign from an active value), hypot, atan2 in all four quadrants, cbrt of a negative value, erf, lgamma and tgamma (including a negative non-integer argument), integer-to-float conversions of inactive loop counters and of a float-to-int rounded active value (zero derivative), in enzyme_out reverse mode, forward mode and width-2 forward mode; checked against finite differences and the dot-product test
#include "include/ck_array.h"

#define N 8

__attribute__((noinline)) double misc(const double *x, int n) {
  double s = 0.0;
  s += fmin(x[0], x[1]) * 2.0 + fmax(x[1], x[0]) * 3.0;
  s += fabs(x[2]) * copysign(x[3], x[2] - 5.0); /* the sign comes from an active value */
  s += hypot(x[4], x[5]) + atan2(x[4], x[5]) + atan2(-x[5], x[4]) + atan2(x[5], -x[4]) + atan2(-x[4], -x[5]);
  s += cbrt(x[6] - 2.0) + erf(x[7]) * lgamma(x[0] + 3.0) + tgamma(x[1] - 0.3) + lgamma(x[1] - 0.3);
  for (int i = 0; i < n; i++) {
    double di = (double)i;             /* inactive conversion */
    int r = (int)lround(x[i] * 4.0);   /* rounded active value: zero derivative */
    s += x[i] * (di + 0.5) * 0.1 + (double)r * 0.01 + (double)(long)(x[i] * 1.0e6) * 0.0;
  }
  return s;
}

__attribute__((noinline)) float miscf(const float *x) {
  float s = fminf(x[0], x[1]) + fmaxf(x[1], x[0]) * 2.0f + fabsf(x[2]) * copysignf(1.0f, x[3]) * x[3];
  s += hypotf(x[4], x[5]) * atan2f(x[5], x[4]) + cbrtf(x[6]) + erff(x[7]);
  s += lgammaf(x[0] + 2.0f) + tgammaf(x[1] + 2.5f);
  return s;
}
static double miscf_ref(double *x) {
  double s = fmin(x[0], x[1]) + fmax(x[1], x[0]) * 2.0 + fabs(x[2]) * copysign(1.0, x[3]) * x[3];
  s += hypot(x[4], x[5]) * atan2(x[5], x[4]) + cbrt(x[6]) + erf(x[7]);
  s += lgamma(x[0] + 2.0) + tgamma(x[1] + 2.5);
  return s;
}

static double obj(double *x) { return misc(x, N); }

typedef struct {
  double d[2];
} v2;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");
v2 __enzyme_fwddiff2(void *, ...) __asm__("__enzyme_fwddiff");
void __enzyme_autodiff_fv(void *, ...) __asm__("__enzyme_autodiff");

int main(void) {
  double x[N] = {0.7, 1.9, -1.3, 0.45, 0.8, -1.6, -0.9, 0.35}, dx[N] = {0};
  __enzyme_autodiff((void *)misc, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("libm misc f64", dx, obj, x, N);
  double v[N] = {0.3, -0.5, 1, 0.2, -0.7, 0.4, 0.9, -0.1}, w[N] = {1, 0.5, -0.25, 2, 0, 1, -1, 0.5};
  double jv = __enzyme_fwddiff((void *)misc, enzyme_dup, x, v, enzyme_const, N);
  double one = 1.0;
  ck_dot_test("libm misc fwd vs rev", &one, &jv, 1, dx, v, N);
  v2 j2 = __enzyme_fwddiff2((void *)misc, enzyme_width, 2, enzyme_dup, x, v, w, enzyme_const, N);
  CHECK("libm misc width-2 lane 0", j2.d[0], jv);
  CHECK("libm misc width-2 lane 1", j2.d[1], ck_dot(dx, w, N));

  /* a negative x[1] - 0.3 for tgamma/lgamma between poles */
  double y[N] = {-0.6, -0.45, 0.8, -1.2, -0.3, 0.25, 1.7, -1.4}, dy[N] = {0};
  __enzyme_autodiff((void *)misc, enzyme_dup, y, dy, enzyme_const, N);
  ck_gradient("libm misc f64 other quadrants", dy, obj, y, N);

  float xf[N], dxf[N] = {0}, vf[N];
  double xd[N];
  for (int i = 0; i < N; i++) {
    xf[i] = (float)x[i];
    xd[i] = xf[i];
    vf[i] = (float)v[i];
  }
  __enzyme_autodiff_fv((void *)miscf, enzyme_dup, xf, dxf);
  char lab[64];
  double gd[N], vd[N];
  for (int i = 0; i < N; i++) {
    snprintf(lab, sizeof lab, "libm misc f32: d/dx[%d]", i);
    CHECK_F32(lab, dxf[i], ck_fd_partial(miscf_ref, xd, i));
    gd[i] = dxf[i];
    vd[i] = vf[i];
  }
  float jf = __enzyme_fwddiff_f((void *)miscf, enzyme_dup, xf, vf);
  CHECK_F32("libm misc f32 fwd vs rev", (double)jf, ck_dot(gd, vd, N));
  return ck_done();
}
