// TEST: reverse and forward mode through C++17 value-type code: functions returning std::optional<double> (empty on an invalid input that never occurs at the test point) and std::tuple<double, double, int> unpacked by structured bindings, std::pair returns from a templated helper, std::clamp and std::min/std::max over initializer lists of active values, the three-argument std::hypot, std::fma, if-constexpr on a template flag, a std::array<std::optional<double>, N> cache, and a generic lambda with auto parameters; gradients against finite differences, dot-product test against forward mode
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <tuple>
#include <utility>
#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

static std::optional<double> safe_log(double x) {
  if (x <= 0.0) return std::nullopt;
  return std::log(x);
}

static std::tuple<double, double, int> polar(double x, double y) {
  double r = std::hypot(x, y), th = std::atan2(y, x);
  return {r, th, th > 0 ? 1 : -1};
}

template <typename T> static std::pair<T, T> minmax_scaled(T a, T b, T s) {
  return a < b ? std::pair<T, T>{a * s, b} : std::pair<T, T>{b * s, a};
}

template <bool Smooth> static double penalty(double x) {
  if constexpr (Smooth) return std::log1p(std::exp(x));
  else return std::max(0.0, x);
}

static double model(const double *p) {
  auto sq = [](auto v) { return v * v; };
  double acc = 0.0;
  if (auto l = safe_log(p[0] * p[0] + 0.5)) acc += *l;
  else acc -= 100.0;
  auto [r, th, sgn] = polar(p[1], p[2]);
  acc += r * std::cos(th) + sgn * sq(th);
  auto [lo, hi] = minmax_scaled(p[3], p[4], 1.5);
  acc += lo * hi;
  acc += std::clamp(p[5], -0.5, 0.5) * 2.0; /* inside the range at the test point */
  acc += std::max({p[0], p[2], p[4]}) - std::min({p[1], p[3], p[5]});
  acc += std::hypot(p[0], p[1], p[2]) + std::fma(p[3], p[4], p[5]);
  acc += penalty<true>(p[1]) + penalty<false>(p[2] - 0.1);
  std::array<std::optional<double>, 6> cache{};
  for (int k = 0; k < 12; k++) {
    int i = (k * 5) % 6;
    if (!cache[i]) cache[i] = std::sin(p[i]) * (1.0 + 0.1 * i);
    acc += *cache[i] * 0.25;
  }
  return acc;
}

static double F(double *p) { return model(p); }

int main() {
  double p[6] = {0.7, -0.4, 0.9, 0.35, -0.6, 0.2}, dp[6] = {0}, v[6] = {0.2, 0.5, -0.3, 0.1, 0.4, -0.6};
  __enzyme_autodiff((void *)model, enzyme_dup, p, dp);
  ck_gradient("c++17 value types: d/dp", dp, F, p, 6);
  double jv = __enzyme_fwddiff((void *)model, enzyme_dup, p, v);
  CHECK("c++17 value types: dot test", ck_dot(dp, v, 6), jv);
  return ck_done();
}
