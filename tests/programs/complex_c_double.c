// TEST: C99 double complex: *, / (__muldc3 on the NaN path and called directly, __divdc3), cexp, clog, csqrt, cpow, cabs, carg and a compound expression; real and imaginary parts of each, along a direction, against finite differences
#include <complex.h>

#include "include/ck_direction4.h"

/* glibc defines CMPLX only for GCC >= 4.7; clang has the builtin. */
#define CMPLX(a, b) __builtin_complex((double)(a), (double)(b))

double __enzyme_fwddiff(void *, ...);
double _Complex __muldc3(double, double, double, double);
double _Complex __divdc3(double, double, double, double);

/* Each kernel takes z = a + bi and w = c + di as four doubles and returns one real part or
   imaginary part of a complex result. */
#define KERNEL(name, expr)                                                  \
  static double name##_re(double a, double b, double c, double d) {         \
    double complex z = CMPLX(a, b), w = CMPLX(c, d);                        \
    (void)z, (void)w;                                                       \
    return creal(expr);                                                     \
  }                                                                         \
  static double name##_im(double a, double b, double c, double d) {         \
    double complex z = CMPLX(a, b), w = CMPLX(c, d);                        \
    (void)z, (void)w;                                                       \
    return cimag(expr);                                                     \
  }

KERNEL(mul, z * w)
KERNEL(muldc3, __muldc3(a, b, c, d))
KERNEL(div, z / w)
KERNEL(divdc3, __divdc3(a, b, c, d))
KERNEL(exp, cexp(z))
KERNEL(log, clog(z))
KERNEL(sqrt, csqrt(z))
KERNEL(pow, cpow(z, w))
KERNEL(mix, cexp(z * w) / (z + 2.0) + csqrt(w) * clog(z))

static double abs_(double a, double b, double c, double d) { (void)c, (void)d; return cabs(CMPLX(a, b)); }
static double arg_(double a, double b, double c, double d) { (void)c, (void)d; return carg(CMPLX(a, b)); }

#define FWD(f) __enzyme_fwddiff((void *)f, ck_P[0], ck_D[0], ck_P[1], ck_D[1], ck_P[2], ck_D[2], ck_P[3], ck_D[3])
#define CHECK_KERNEL(f) ck_direction4(#f, p, FWD(f), f, CK_TOL)

int main(void) {
  for (int p = 0; p < 3; p++) {
    ck_at_point4(p);
    CHECK_KERNEL(mul_re);
    CHECK_KERNEL(mul_im);
    CHECK_KERNEL(muldc3_re);
    CHECK_KERNEL(muldc3_im);
    CHECK_KERNEL(div_re);
    CHECK_KERNEL(div_im);
    CHECK_KERNEL(divdc3_re);
    CHECK_KERNEL(divdc3_im);
    CHECK_KERNEL(exp_re);
    CHECK_KERNEL(exp_im);
    CHECK_KERNEL(log_re);
    CHECK_KERNEL(log_im);
    CHECK_KERNEL(sqrt_re);
    CHECK_KERNEL(sqrt_im);
    CHECK_KERNEL(pow_re);
    CHECK_KERNEL(pow_im);
    CHECK_KERNEL(mix_re);
    CHECK_KERNEL(mix_im);
    CHECK_KERNEL(abs_);
    CHECK_KERNEL(arg_);
  }
  return ck_done();
}
