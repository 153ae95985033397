// TEST: a fast exp as math libraries write it: round x·log2(e) to an integer n with the magic-number trick `(t + 1.5·2^52) − 1.5·2^52` (2^23 in float), reduce r = x − n·ln2, a polynomial in r, then ldexp by n; the rounding has a zero derivative (the chain rule through the two additions would give 1 and cancel dr/dx), so the gradient is the polynomial's slope times 2^n; reverse mode against finite differences, forward mode's tangent against the gradient (and in float, forward mode)
#include <math.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");

static double fast_exp(double x) {
  const double magic = 0x1.8p52;
  double t = x * 1.4426950408889634 + magic;
  double n = t - magic; /* x·log2(e) rounded to the nearest integer */
  double r = x - n * 0.6931471805599453;
  double p = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r / 720)))));
  return ldexp(p, (int)n);
}

__attribute__((noinline)) float fast_expf(float x) {
  const float magic = 0x1.8p23f;
  float t = x * 1.44269504f + magic;
  float n = t - magic;
  float r = x - n * 0.69314718f;
  float p = 1.0f + r * (1.0f + r * (0.5f + r * (1.0f / 6 + r * (1.0f / 24))));
  return ldexpf(p, (int)n);
}

#define N 5

__attribute__((noinline)) double objective(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += fast_exp(x[i]) * (1.0 + 0.1 * i);
  return s;
}

static double F(double *x) { return objective(x, N); }

int main(void) {
  /* x·log2(e) away from half-integers, where the rounding jumps. */
  double x[N] = {0.3, -1.3, 2.2, 4.0, -3.1}, dx[N] = {0}, v[N] = {0.4, -0.2, 0.9, 0.1, 0.3};
  __enzyme_autodiff((void *)objective, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("fast exp with magic-number rounding", dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)objective, enzyme_dup, x, v, enzyme_const, N);
  CHECK("fast exp: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  /* float: the tangent is the polynomial's slope times 2^n (finite differences in float are
     too coarse to check it against). */
  for (int i = 0; i < N; i++) {
    float xf = (float)x[i], n = (xf * 1.44269504f + 0x1.8p23f) - 0x1.8p23f, r = xf - n * 0.69314718f;
    float slope = ldexpf(1.0f + r * (1.0f + r * (0.5f + r * (1.0f / 6))), (int)n);
    float t = __enzyme_fwddiff_f((void *)fast_expf, xf, 1.0f);
    ck_near("fast expf: tangent = p'(r)·2^n", t, slope, CK_TOL_F32);
  }
  return ck_done();
}
