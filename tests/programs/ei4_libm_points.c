// TEST: libm at awkward points in both modes: fmax/fmin of a value with itself (a tie: derivative 1), fmax against a constant away from the tie, hypot with one argument exactly 0, copysign with a negative-zero sign source, fmod and remainder with active divisors, fma, ldexp with an inactive exponent, frexp, expm1/log1p near 0, asinh/acosh/atanh, tanh, exp2/log2/log10, sinh/cosh, cbrt of a negative value, erf at 0 and erfc, atan2 on the negative x-axis side (y > 0), pow with a negative base and integral exponent, in double and float
#include "include/ck_array.h"

#define N 6
__attribute__((noinline)) double f(double *x) {
  double a = x[0], b = x[1], c = x[2], d = x[3], e = x[4], g = x[5];
  double s = fmax(a, a) + 2.0 * fmin(b, b) + fmax(c, -5.0) * fmin(d, 10.0);
  s += hypot(0.0 * a, b) + hypot(c, 0.0);
  s += copysign(a * b, -0.0) + fmod(3.1 * e, c) + remainder(5.3, g) * a;
  s += fma(a, b, c * d) + ldexp(e, 3) + ldexp(a * g, -2);
  int ex;
  s += frexp(b * 7.0, &ex) * ex;
  s += expm1(1e-3 * a) * 100.0 + log1p(-1e-3 * b) * 50.0;
  s += asinh(c) + acosh(2.0 + d * d) + atanh(0.5 * e);
  s += tanh(g) + exp2(a) + log2(1.0 + e * e) + log10(2.0 + b * b);
  s += sinh(0.5 * c) * cosh(0.3 * d) + cbrt(-1.0 - a * a);
  s += erf(0.0 * a + b - b) * c + erf(d) + erfc(e);
  s += atan2(0.5 + e * e, -2.0 + 0.1 * a) + pow(-1.5 - a * a, 3.0) + pow(-2.0 + 0.1 * b, 2.0);
  return s;
}
__attribute__((noinline)) float ff(float *x) {
  float a = x[0], b = x[1], c = x[2];
  return fmaxf(a, a) + fminf(b, b) * c + hypotf(0.0f * a, c) + copysignf(a * c, -0.0f) + fmodf(2.5f * b, c) +
         asinhf(a) + tanhf(b) + exp2f(c) + log1pf(0.1f * a) + cbrtf(-2.0f - b * b) + erff(a);
}
static double ffd(double *x) {
  double a = x[0], b = x[1], c = x[2];
  return fmax(a, a) + fmin(b, b) * c + hypot(0.0 * a, c) + copysign(a * c, -0.0) + fmod(2.5 * b, c) + asinh(a) +
         tanh(b) + exp2(c) + log1p(0.1 * a) + cbrt(-2.0 - b * b) + erf(a);
}

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
float __enzyme_fwddifff(void *, ...) __asm__("__enzyme_fwddiff");
float __enzyme_autodifff(void *, ...) __asm__("__enzyme_autodiff");

int main(void) {
  double x[N] = {0.6, -0.8, 1.3, 0.45, 0.7, 2.2};
  double d[N] = {0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, d);
  ck_gradient("libm points", d, f, x, N);
  double v[N] = {1, -0.5, 0.3, 0.8, -0.2, 0.4}, one = 1.0;
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v);
  ck_dot_test("libm points fwd", &one, &jv, 1, d, v, N);

  float xf[3] = {0.35f, -0.6f, 1.7f}, df[3] = {0}, vf[3] = {1, 0.5f, -0.25f};
  __enzyme_autodifff((void *)ff, enzyme_dup, xf, df);
  double xd[3] = {xf[0], xf[1], xf[2]};
  for (int i = 0; i < 3; i++) CHECK_F32("float libm points", df[i], ck_fd_partial(ffd, xd, i));
  float jf = __enzyme_fwddifff((void *)ff, enzyme_dup, xf, vf);
  CHECK_F32("float fwd vs rev", jf, df[0] * vf[0] + df[1] * vf[1] + df[2] * vf[2]);
  return ck_done();
}
