// TEST: reverse and forward mode through value types of the C++ standard library: std::complex<double> (abs, arg, exp, polar, norm, conj, a complex Horner loop), std::valarray<double> (expressions, apply, sum, shift), std::min/std::max/std::clamp away from ties, std::pow overloads (double^int, double^double, float^float, its finite differences from a double twin), std::hypot with three arguments, std::tuple returned by a helper and taken apart with structured bindings and std::tie, std::pair in a std::array; gradients against finite differences and the dot-product test
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <tuple>
#include <utility>
#include <valarray>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

using cd = std::complex<double>;

static std::tuple<double, double, cd> moments(const double *x, int n) {
  double lo = x[0], hi = x[0];
  cd acc(0.0, 0.0);
  for (int i = 0; i < n; i++) {
    lo = std::min(lo, x[i]);
    hi = std::max(hi, x[i]);
    acc += std::polar(1.0 + 0.1 * x[i], x[i]);
  }
  return {lo, hi, acc};
}

static double complex_part(const double *x) {
  cd z(x[0], x[1]), w(x[2], -x[3]);
  cd p = z * w + std::exp(z / (w + 2.0));
  cd h(0.0, 0.0);
  const cd coef[4] = {{1.0, 0.5}, {-0.3, 0.2}, {0.7, 0.0}, {0.1, -0.4}};
  for (const cd &c : coef) h = h * z + c;  // Horner
  auto [lo, hi, acc] = moments(x, 6);
  return std::abs(p) + std::arg(h) + std::norm(std::conj(acc)) + 0.5 * (hi - lo);
}

static double valarray_part(const double *x) {
  std::valarray<double> v(x, 6), w(6);
  for (int i = 0; i < 6; i++) w[i] = 0.5 + 0.1 * i;
  std::valarray<double> y = v * w + std::sin(v) - 0.5 * v.shift(1);
  y = y.apply([](double t) { return t * t * 0.5 + t; });
  double c = std::clamp(x[2], -0.5, 0.5) + std::clamp(x[4] * 3.0, -1.0, 1.0);
  return y.sum() + (v * v).max() + c;
}

template <class R>
static double pow_part(const double *x) {
  double a = std::pow(x[0], 3) + std::pow(std::fabs(x[1]) + 1.0, x[2]);
  R f = std::pow(static_cast<R>(x[3]) + R(2), R(1.5));
  double h = std::hypot(x[0], x[4], x[5]);
  std::array<std::pair<double, double>, 3> pr{{{x[0], x[1]}, {x[2], x[3]}, {x[4], x[5]}}};
  double s = 0;
  for (auto &[p, q] : pr) s += p * q;
  double u, t;
  std::tie(u, t) = std::make_pair(s, h);
  return a + static_cast<double>(f) + u * t;
}

// Differentiated with R = float; the finite differences come from the double twin.
template <class R>
static double all(const double *x) { return complex_part(x) + valarray_part(x) + pow_part<R>(x); }
static double F_all(double *x) { return all<double>(x); }

int main() {
  // Away from ties: distinct values, clamp inputs strictly inside or outside their ranges.
  double x[6] = {0.8, -0.45, 0.3, 1.1, 0.9, -1.3}, dx[6] = {0}, v[6] = {0.4, -1.0, 0.7, 0.2, -0.5, 1.5};
  __enzyme_autodiff((void *)all<float>, enzyme_dup, x, dx);
  for (int i = 0; i < 6; i++) {
    char label[64];
    snprintf(label, sizeof label, "stdlib values: d/dx[%d]", i);
    // float pow carries float rounding: use the float tolerance throughout.
    CHECK_F32(label, dx[i], ck_fd_partial(F_all, x, i));
  }
  double one = 1.0, jv = __enzyme_fwddiff((void *)all<float>, enzyme_dup, x, v);
  double lhs = jv, rhs = ck_dot(dx, v, 6);
  CHECK_F32("stdlib values: <J^T 1, v> = J v", rhs, lhs * one);
  return ck_done();
}
