// TEST: C++ std::complex<double> and <float>: multiply, divide, std::exp, std::abs, std::arg, std::log, std::sqrt, std::pow (libstdc++: inline arithmetic with NaN checks and __muldc3/__divdc3, cexp/cabs/... calls); tangents against finite differences
#include <complex>

#include "include/ck_direction4.h"

extern "C" double __enzyme_fwddiff(void *, ...);

using C = std::complex<double>;
using F = std::complex<float>;

#define KERNEL(name, expr)                                         \
  static double name##_re(double a, double b, double c, double d) { \
    C z(a, b), w(c, d);                                            \
    return std::real(expr);                                        \
  }                                                                \
  static double name##_im(double a, double b, double c, double d) { \
    C z(a, b), w(c, d);                                            \
    return std::imag(expr);                                        \
  }

KERNEL(mul, z * w)
KERNEL(div, z / w)
KERNEL(exp, std::exp(z))
KERNEL(log, std::log(z))
KERNEL(sqrt, std::sqrt(z))
KERNEL(pow, std::pow(z, w))
KERNEL(mix, std::exp(z * w) / (z + 2.0) + std::sqrt(w) * std::log(z))

static double abs_(double a, double b, double c, double d) { return std::abs(C(a, b)) + 0.5 * std::arg(C(c, d)); }

/* std::complex<float> computed in float, returned as double (the reference is the double kernel). */
static double mulf_re(double a, double b, double c, double d) {
  return std::real(F(float(a), float(b)) * F(float(c), float(d)));
}
static double expf_im(double a, double b, double, double) { return std::imag(std::exp(F(float(a), float(b)))); }
static double absf_(double a, double b, double, double) { return std::abs(F(float(a), float(b))); }
static double absd_(double a, double b, double, double) { return std::abs(C(a, b)); }

static int p;

#define FWD(f) __enzyme_fwddiff((void *)f, ck_P[0], ck_D[0], ck_P[1], ck_D[1], ck_P[2], ck_D[2], ck_P[3], ck_D[3])
#define CHECK_KERNEL(f) ck_direction4(#f, p, FWD(f), f, CK_TOL)

int main() {
  for (p = 0; p < 3; p++) {
    ck_at_point4(p);
    CHECK_KERNEL(mul_re);
    CHECK_KERNEL(mul_im);
    CHECK_KERNEL(div_re);
    CHECK_KERNEL(div_im);
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
    ck_direction4("mulf_re", p, FWD(mulf_re), mul_re, CK_TOL_F32);
    ck_direction4("expf_im", p, FWD(expf_im), exp_im, CK_TOL_F32);
    ck_direction4("absf_", p, FWD(absf_), absd_, CK_TOL_F32);
  }
  return ck_done();
}
