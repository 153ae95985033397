// TEST: second and third derivatives of the rarer libm rows by nesting (forward over forward, forward over reverse, reverse over forward, forward over forward over forward): Bessel j0, j1, y0, y1, jn, yn (whose derivatives call the neighbouring orders), exp10, ldexp and scalbn (n inactive), asinh, acosh, atanh, fdim, erfc with tgamma, frexp (mantissa and the exponent it writes), __builtin_powi, fabs, sqrt, and logb/nearbyint (zero derivative, the x factor still differentiated); against finite differences of the order below
#define _GNU_SOURCE
#include "include/catalase_check.h"
double __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);
double exp10(double);
#define UNARY(NAME, EXPR)                                                                     \
  static double NAME(double x) { return EXPR; }                                               \
  static double NAME##_f(double x) { return __enzyme_fwddiff((void *)NAME, x, 1.0); }         \
  static double NAME##_r(double x) { return __enzyme_autodiff((void *)NAME, enzyme_out, x); } \
  static double NAME##_ff(double x) { return __enzyme_fwddiff((void *)NAME##_f, x, 1.0); }    \
  static void NAME##_check(double x) {                                                        \
    char label[96];                                                                           \
    snprintf(label, sizeof label, "%s' at %g", #NAME, x);                                     \
    CHECK(label, NAME##_f(x), ck_fd1(NAME, x));                                               \
    snprintf(label, sizeof label, "%s' (reverse) at %g", #NAME, x);                           \
    CHECK(label, NAME##_r(x), ck_fd1(NAME, x));                                               \
    snprintf(label, sizeof label, "%s'' fwd/fwd at %g", #NAME, x);                            \
    CHECK(label, NAME##_ff(x), ck_fd1(NAME##_f, x));                                          \
    snprintf(label, sizeof label, "%s'' fwd/rev at %g", #NAME, x);                            \
    CHECK(label, __enzyme_fwddiff((void *)NAME##_r, x, 1.0), ck_fd1(NAME##_f, x));            \
    snprintf(label, sizeof label, "%s'' rev/fwd at %g", #NAME, x);                            \
    CHECK(label, __enzyme_autodiff((void *)NAME##_f, enzyme_out, x), ck_fd1(NAME##_f, x));    \
    snprintf(label, sizeof label, "%s''' fwd/fwd/fwd at %g", #NAME, x);                       \
    CHECK(label, __enzyme_fwddiff((void *)NAME##_ff, x, 1.0), ck_fd1(NAME##_ff, x));          \
  }
UNARY(u_j0, j0(x * 2.0))
UNARY(u_j1, j1(x + 1.0))
UNARY(u_y0, y0(x + 2.0))
UNARY(u_y1, y1(x * x + 1.0))
UNARY(u_jn, jn(3, x + 2.0) + yn(2, x + 3.0))
UNARY(u_exp10, exp10(0.3 * x))
UNARY(u_ldexp, ldexp(x * x, 3) + scalbn(sin(x), -2))
UNARY(u_asinh, asinh(x) * acosh(x * x + 1.5) + atanh(0.4 * x))
UNARY(u_fdim, fdim(x * x, 0.3) + fdim(0.1, x))
UNARY(u_erfc2, erfc(x * x) * tgamma(x + 2.5))
UNARY(u_frexp, ({ int e; double m = frexp(x * 3.0, &e); m * e + m * m; }))
UNARY(u_powi, __builtin_powi(x, 3) + __builtin_powi(x + 2.0, -2))
UNARY(u_fabs, fabs(x) * x * x + fabs(sin(x)))
UNARY(u_sqrt, sqrt(x * x + 0.2) * sqrt(fabs(x) + 1.0))
UNARY(u_logb, x * logb(x * 8.0) + nearbyint(x) * x)
int main(void) {
  const double xs[] = {0.45, 1.7, -0.8};
  for (int i = 0; i < 3; i++) {
    double x = xs[i];
    u_j0_check(x); u_j1_check(x); u_y0_check(x); u_y1_check(x); u_jn_check(x); u_exp10_check(x);
    u_ldexp_check(x); u_asinh_check(x); u_fdim_check(x); u_erfc2_check(x); u_frexp_check(x);
    u_powi_check(x); u_fabs_check(x); u_sqrt_check(x); u_logb_check(x);
  }
  return ck_done();
}
