// TEST: reverse and forward mode through C++20 code: std::views::iota/transform/filter pipelines over a std::span of the active inputs, std::ranges::max_element and std::ranges::sort on a local copy, a concept-constrained generic function, designated initializers for a parameter struct, std::numbers::pi, a consteval table size and a three-way comparison used to pick a branch; gradients against finite differences, dot-product test against forward mode
// CFLAGS: -std=c++20
#include <algorithm>
#include <array>
#include <cmath>
#include <compare>
#include <concepts>
#include <numbers>
#include <ranges>
#include <span>
#include <vector>
#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

struct Params {
  double gain = 1.0;
  double offset = 0.0;
  int stride = 1;
};

template <std::floating_point T> static T smooth_abs(T x, T eps) { return std::sqrt(x * x + eps); }

consteval int table_size() { return 6; }

static double pipeline(const double *xp, int n) {
  std::span<const double> x(xp, n);
  constexpr Params prm{.gain = 1.5, .offset = -0.25, .stride = 2};
  double s = 0.0;
  for (double v : std::views::iota(0, n) | std::views::filter([&](int i) { return i % prm.stride == 0; }) |
                      std::views::transform([&](int i) { return prm.gain * x[i] + prm.offset; }))
    s += smooth_abs(v, 1e-3);
  std::vector<double> c(x.begin(), x.end());
  std::ranges::sort(c);
  auto top = std::ranges::max_element(c);
  s += *top * 0.5 + c.front() * c.back();
  std::array<double, table_size()> w{};
  for (int i = 0; i < table_size(); i++) w[i] = std::cos(std::numbers::pi * i / table_size());
  for (int i = 0; i < n && i < table_size(); i++) {
    auto cmp = x[i] <=> 0.0;
    s += (cmp > 0 ? w[i] : -w[i]) * x[i] * x[i];
  }
  return s;
}

constexpr int N = 7;
static double F(double *x) { return pipeline(x, N); }

int main() {
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) {
    x[i] = 0.9 * std::sin(1.7 * i + 0.2);
    v[i] = 0.1 * ((i * 4) % 5) - 0.2;
  }
  __enzyme_autodiff((void *)pipeline, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("c++20 ranges: d/dx", dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)pipeline, enzyme_dup, x, v, enzyme_const, N);
  CHECK("c++20 ranges: dot test", ck_dot(dx, v, N), jv);
  return ck_done();
}
