// TEST: pow and friends at their corners, both modes: pow(x, 0) at x = 0 (derivative 0, not NaN), pow(0, y) for y > 1 in y (0, not 0 * log 0), pow(x, 1) and pow(x, 2) at x = 0, a negative base with integral exponents, powf, __builtin_powi, exp2/exp10-like pow(2, y) and pow(10, y), sqrt and cbrt of negative and small arguments, fabs of negative values, copysign and fdim away from their kinks
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");
float __enzyme_autodiff_f(void *, ...) __asm__("__enzyme_autodiff");

typedef struct { double dx, dy; } pair;
pair __enzyme_autodiff_pair(void *, ...) __asm__("__enzyme_autodiff");

static double pw(double x, double y) { return pow(x, y); }
static float pwf(float x, float y) { return powf(x, y); }
static double powi3(double x) { return __builtin_powi(x, 3) + __builtin_powi(x, -2); }
static double exps(double y) { return pow(2.0, y) + pow(10.0, 0.5 * y) + exp2(y * y); }
static double roots(double x) { return cbrt(x) * sqrt(x * x + 0.25) + cbrt(x * x * x - 2.0); }
static double signs(double x, double y) { return fabs(x) * copysign(y * y, x) + fdim(y, x) + fabs(x * y - 3.0); }
static double hyp(double x, double y) { return hypot(x, y) * atan2(y, x) + fmod(x * 3.0, 1.7); }

static double Yc;
static double Xc;
static double pw_x(double x) { return pw(x, Yc); }
static double pw_y(double y) { return pw(Xc, y); }
static double signs_x(double x) { return signs(x, Yc); }
static double signs_y(double y) { return signs(Xc, y); }
static double hyp_x(double x) { return hyp(x, Yc); }
static double hyp_y(double y) { return hyp(Xc, y); }

static void pair_case(const char *what, double x, double y) {
  char l[120];
  Xc = x;
  Yc = y;
  double fx = __enzyme_fwddiff((void *)pw, x, 1.0, y, 0.0);
  double fy = __enzyme_fwddiff((void *)pw, x, 0.0, y, 1.0);
  pair r = __enzyme_autodiff_pair((void *)pw, x, y);
  double rx = ck_fd1(pw_x, x), ry = ck_fd1(pw_y, y);
  snprintf(l, sizeof l, "%s fwd d/dx", what);
  CHECK(l, fx, rx);
  snprintf(l, sizeof l, "%s fwd d/dy", what);
  CHECK(l, fy, ry);
  snprintf(l, sizeof l, "%s rev d/dx", what);
  CHECK(l, r.dx, rx);
  snprintf(l, sizeof l, "%s rev d/dy", what);
  CHECK(l, r.dy, ry);
}

/* at x = 0 the central difference of pow(x, y) in x is the exact derivative for y = 0, 1, 2 */
static void zero_base(double y, double want) {
  char l[120];
  double fx = __enzyme_fwddiff((void *)pw, 0.0, 1.0, y, 0.0);
  pair r = __enzyme_autodiff_pair((void *)pw, 0.0, y);
  snprintf(l, sizeof l, "pow(0, %g) fwd d/dx", y);
  CHECK(l, fx, want);
  snprintf(l, sizeof l, "pow(0, %g) rev d/dx", y);
  CHECK(l, r.dx, want);
}

int main(void) {
  zero_base(0.0, 0.0);
  zero_base(1.0, 1.0);
  zero_base(2.0, 0.0);
  zero_base(3.0, 0.0);
  /* pow(0, y) with y > 1 is 0 nearby in y: the y-derivative is 0 */
  {
    double fy = __enzyme_fwddiff((void *)pw, 0.0, 0.0, 2.5, 1.0);
    pair r = __enzyme_autodiff_pair((void *)pw, 0.0, 2.5);
    CHECK("pow(0, 2.5) fwd d/dy", fy, 0.0);
    CHECK("pow(0, 2.5) rev d/dy", r.dy, 0.0);
    CHECK("pow(0, 2.5) rev d/dx", r.dx, 0.0);
  }
  {
    float fx = __enzyme_fwddiff_f((void *)pwf, 0.0f, 1.0f, 1.0f, 0.0f);
    float fy = __enzyme_fwddiff_f((void *)pwf, 0.0f, 0.0f, 1.0f, 1.0f);
    CHECK_F32("powf(0, 1) fwd d/dx", fx, 1.0);
    CHECK_F32("powf(0, 1) fwd d/dy", fy, 0.0);
    float gx = __enzyme_autodiff_f((void *)pwf, 0.0f, enzyme_const, 1.0f);
    CHECK_F32("powf(0, 1) rev d/dx", gx, 1.0);
  }
  pair_case("pow(1.7, 2.3)", 1.7, 2.3);
  pair_case("pow(0.3, -1.5)", 0.3, -1.5);
  pair_case("pow(2.5, 0)", 2.5, 0.0);
  /* a negative base with an integral exponent: only d/dx exists */
  {
    double fx = __enzyme_fwddiff((void *)pw, -2.0, 1.0, 3.0, 0.0);
    double rx = __enzyme_autodiff((void *)pw, -2.0, enzyme_const, 3.0);
    CHECK("pow(-2, 3) fwd d/dx", fx, 12.0);
    CHECK("pow(-2, 3) rev d/dx", rx, 12.0);
    double fx2 = __enzyme_fwddiff((void *)pw, -1.5, 1.0, -2.0, 0.0);
    double rx2 = __enzyme_autodiff((void *)pw, -1.5, enzyme_const, -2.0);
    CHECK("pow(-1.5, -2) fwd d/dx", fx2, -2.0 * pow(-1.5, -3.0));
    CHECK("pow(-1.5, -2) rev d/dx", rx2, -2.0 * pow(-1.5, -3.0));
  }
  const double xs[4] = {-1.3, -0.4, 0.7, 2.2};
  for (int i = 0; i < 4; i++) {
    double x = xs[i];
    char l[120];
    snprintf(l, sizeof l, "powi at %g fwd", x);
    CHECK(l, __enzyme_fwddiff((void *)powi3, x, 1.0), ck_fd1(powi3, x));
    snprintf(l, sizeof l, "powi at %g rev", x);
    CHECK(l, __enzyme_autodiff((void *)powi3, x), ck_fd1(powi3, x));
    snprintf(l, sizeof l, "pow(2|10, y) at %g fwd", x);
    CHECK(l, __enzyme_fwddiff((void *)exps, x, 1.0), ck_fd1(exps, x));
    snprintf(l, sizeof l, "pow(2|10, y) at %g rev", x);
    CHECK(l, __enzyme_autodiff((void *)exps, x), ck_fd1(exps, x));
    snprintf(l, sizeof l, "cbrt/sqrt at %g fwd", x);
    CHECK(l, __enzyme_fwddiff((void *)roots, x, 1.0), ck_fd1(roots, x));
    snprintf(l, sizeof l, "cbrt/sqrt at %g rev", x);
    CHECK(l, __enzyme_autodiff((void *)roots, x), ck_fd1(roots, x));
    Xc = x;
    Yc = 0.9 - 0.5 * x;
    snprintf(l, sizeof l, "fabs/copysign/fdim at %g fwd x", x);
    CHECK(l, __enzyme_fwddiff((void *)signs, x, 1.0, Yc, 0.0), ck_fd1(signs_x, x));
    snprintf(l, sizeof l, "fabs/copysign/fdim at %g fwd y", x);
    CHECK(l, __enzyme_fwddiff((void *)signs, x, 0.0, Yc, 1.0), ck_fd1(signs_y, Yc));
    pair s = __enzyme_autodiff_pair((void *)signs, x, Yc);
    snprintf(l, sizeof l, "fabs/copysign/fdim at %g rev x", x);
    CHECK(l, s.dx, ck_fd1(signs_x, x));
    snprintf(l, sizeof l, "fabs/copysign/fdim at %g rev y", x);
    CHECK(l, s.dy, ck_fd1(signs_y, Yc));
    pair h = __enzyme_autodiff_pair((void *)hyp, x, Yc);
    snprintf(l, sizeof l, "hypot/atan2/fmod at %g rev x", x);
    CHECK(l, h.dx, ck_fd1(hyp_x, x));
    snprintf(l, sizeof l, "hypot/atan2/fmod at %g rev y", x);
    CHECK(l, h.dy, ck_fd1(hyp_y, Yc));
    snprintf(l, sizeof l, "hypot/atan2/fmod at %g fwd y", x);
    CHECK(l, __enzyme_fwddiff((void *)hyp, x, 0.0, Yc, 1.0), ck_fd1(hyp_y, Yc));
  }
  return ck_done();
}
