// TEST: C++ standard-library value types inside differentiated code, reverse and forward: std::function holding capturing lambdas, std::to_string (std::allocator<char>'s out-of-line constructor: refused in split mode at -O0 before), std::valarray arithmetic (forward mode; reverse in tests/regressions/rev_mixed_aggregate_returns.cpp), std::tuple and std::pair returned from helpers with structured bindings, std::optional, std::unique_ptr<double[]> scratch, std::min/std::max over an initializer list, std::inner_product and std::transform, and a std::string label built (inactive) on the way
#include "include/ck_array.h"
#include <algorithm>
#include <functional>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <tuple>
#include <valarray>
#include <vector>

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

static double with_function(double x, double k) {
  /* (A std::function capturing this one by reference: tests/regressions/rev_nested_std_function_O0.cpp.) */
  std::function<double(double)> f = [k](double t) { return std::sin(k * t) + t * t; };
  std::function<double(double)> g = [k](double t) { return std::cos(t) * k + t; };
  return g(x) * f(0.5 * x) + f(x * k);
}
static double FX_wf(double x) { return with_function(x, 1.7); }

static double with_valarray(const double *x) {
  std::valarray<double> v(x, 5);
  std::valarray<double> w = v * v + 2.0 * v;
  std::valarray<double> e = std::exp(-v);
  return (w * e).sum() + v.max() * v.min();
}
static double X5[5] = {0.3, -0.7, 1.1, 0.45, -0.2};
static double F_va(double *x) { return with_valarray(x); }

static std::tuple<double, double, int> polar(double x, double y) {
  return {std::hypot(x, y), std::atan2(y, x), x > 0 ? 1 : -1};
}
static std::pair<double, double> minmax2(double a, double b) { return a < b ? std::make_pair(a, b) : std::make_pair(b, a); }
/* Inlined at every level: a call returning std::optional<double> ({double, i8}) is refused in
   split mode at -O0 (tests/regressions/rev_mixed_aggregate_returns.cpp). */
static inline __attribute__((always_inline)) std::optional<double> safe_log(double x) {
  if (x <= 0) return std::nullopt;
  return std::log(x);
}
static double with_tuples(double x, double y) {
  auto [r, th, sgn] = polar(x, y);
  auto [lo, hi] = minmax2(r * 0.5, th + 1.0);
  double l = safe_log(hi).value_or(0.0) + safe_log(-lo).value_or(1.0);
  std::string label = "r=" + std::to_string((int)(r * 10));
  return (double)sgn * lo * hi + l + (label.size() > 100 ? 1.0 : 0.0) * r;
}
static double FX_wt(double x) { return with_tuples(x, 0.9); }
static double FY_wt(double y) { return with_tuples(1.4, y); }

static double with_unique(const double *x, int n) {
  std::unique_ptr<double[]> buf(new double[n]);
  std::transform(x, x + n, buf.get(), [](double t) { return std::tanh(t) * 2.0; });
  double ip = std::inner_product(buf.get(), buf.get() + n, x, 0.0);
  double m = std::max({buf[0], buf[1], buf[2]});
  double lo = std::min({x[3], x[4], 0.1});
  return ip + m * lo;
}
static double F_wu(double *x) { return with_unique(x, 5); }

int main() {
  CHECK("std::function reverse", __enzyme_autodiff((void *)with_function, 0.8, enzyme_const, 1.7), ck_fd1(FX_wf, 0.8));
  CHECK("std::function forward", __enzyme_fwddiff((void *)with_function, 0.8, 1.0, enzyme_const, 1.7), ck_fd1(FX_wf, 0.8));

  /* std::valarray in forward mode only: at -O0 reverse mode refuses the expression template's
     {double, ptr} return (tests/regressions/rev_valarray_expression_return.cpp). */
  double x[5];
  memcpy(x, X5, sizeof x);
  for (int i = 0; i < 5; i++) {
    double v[5] = {0, 0, 0, 0, 0};
    v[i] = 1.0;
    CHECK("std::valarray forward", __enzyme_fwddiff((void *)with_valarray, x, v), ck_fd_partial(F_va, x, i));
  }

  double gx = __enzyme_autodiff((void *)with_tuples, 1.4, enzyme_const, 0.9);
  CHECK("tuple/pair/optional d/dx", gx, ck_fd1(FX_wt, 1.4));
  CHECK("tuple/pair/optional forward d/dy", __enzyme_fwddiff((void *)with_tuples, 1.4, 0.0, 0.9, 1.0), ck_fd1(FY_wt, 0.9));

  double dx2[5] = {0};
  __enzyme_autodiff((void *)with_unique, x, dx2, enzyme_const, 5);
  ck_gradient("unique_ptr<double[]>, transform, inner_product, min/max", dx2, F_wu, x, 5);
  return ck_done();
}
