// TEST: reverse, forward and split mode through libm calls that write through pointers or round: modf (the integral part written through a pointer, no derivative), remquo (remainder's partials; the quotient bits written through an int pointer), sincos, frexp; fdim on both sides; lround/lrint/nearbyint/logb/ilogb results used as constants; scalbn/scalbln/ldexp; __builtin_powi with positive and negative exponents; and an accumulator recursion that -O2 turns into a loop; derivatives against finite differences, reverse against forward
#define _GNU_SOURCE
#include <math.h>

#include "include/catalase_check.h"
#include "include/ck_split.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

static double f_modf(double x) {
  double ip;
  double fr = modf(x * 3.0, &ip);
  return fr * fr + ip * x;
}
static double f_remquo(double x) {
  int q;
  double r = remquo(x * 5.0, 1.3 - 0.2 * x, &q);
  return r * r + q * x;
}
static double f_sincos_frexp(double x) {
  double s, c;
  int e;
  sincos(x * 1.7, &s, &c);
  double m = frexp(x * 9.0, &e);
  return s * c + s + m * e;
}
static double f_fdim(double x) { return fdim(x, 0.3) * x + fdim(0.1, x); }
static double f_rounding(double x) {
  return x * lround(x * 4.0) + x * nearbyint(x * 2.0) + lrint(x) * x + x * logb(x * 7.0) + ilogb(x * 3.0) * x;
}
static double f_scale(double x) { return scalbn(x, 3) + ldexp(x * x, -2) + scalbln(x, 1); }
static double f_powi(double x) { return __builtin_powi(x, 5) + __builtin_powi(x, -3); }
static double acc_rec(double x, int n, double acc) {
  if (n == 0) return acc;
  return acc_rec(x, n - 1, acc * x + 0.1);
}
static double f_accrec(double x) { return acc_rec(x, 7, 1.0); }

typedef double (*f1)(double);
static inline __attribute__((always_inline)) void at(const char *w, f1 f, double x) {
  char l[80];
  double fd = ck_fd1(f, x);
  double g = __enzyme_autodiff((void *)f, x);
  snprintf(l, sizeof l, "%s at %g: reverse", w, x);
  CHECK(l, g, fd);
  double t = __enzyme_fwddiff((void *)f, x, 1.0);
  snprintf(l, sizeof l, "%s at %g: forward", w, x);
  CHECK(l, t, fd);
  ck_aug a = __enzyme_augmentfwd((void *)f, x);
  double s = __enzyme_reverse((void *)f, x, 1.0, a.tape);
  snprintf(l, sizeof l, "%s at %g: split", w, x);
  CHECK(l, s, fd);
  CHECK_PRIMAL(l, a.primal, f(x));
}

int main(void) {
  at("modf", f_modf, 0.77);
  at("modf", f_modf, -1.23);
  at("remquo", f_remquo, 0.77);
  at("remquo", f_remquo, -1.13);
  at("sincos and frexp", f_sincos_frexp, 0.77);
  at("sincos and frexp", f_sincos_frexp, -2.9);
  at("fdim", f_fdim, 0.77);
  at("fdim", f_fdim, -0.5);
  at("rounding results as constants", f_rounding, 0.77);
  at("rounding results as constants", f_rounding, -1.13);
  at("scalbn/ldexp/scalbln", f_scale, 0.77);
  at("powi", f_powi, 0.77);
  at("powi", f_powi, -1.3);
  at("accumulator recursion", f_accrec, 0.77);
  return ck_done();
}
