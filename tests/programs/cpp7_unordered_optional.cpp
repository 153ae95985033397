// TEST: reverse and forward mode through std::unordered_map<int, double> (operator[] accumulation that rehashes past the initial buckets, find, erase of a key), std::optional<double> returned from a helper (engaged or not by an integer test), and std::tuple<double, double, int> unpacked with structured bindings; gradients against finite differences, the dot-product test against forward mode
#include <cmath>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 6

static double buckets(const double *x) {
  std::unordered_map<int, double> m;
  for (int r = 0; r < 30; r++) m[r % 17] += x[r % N] * (1.0 + 0.1 * r);
  m.erase(3);
  double s = 0.0;
  for (int k = 0; k < 17; k++) {
    auto it = m.find(k);
    if (it != m.end()) s += std::sin(it->second) * (k + 1);
  }
  return s;
}

static std::optional<double> maybe_root(double a, int k) {
  if (k % 3 == 0) return std::nullopt;
  return std::sqrt(a * a + 1.0);
}

static std::tuple<double, double, int> split3(double a, double b, int k) { return {a * b, a - b, k * 2}; }

static double optionals(const double *x) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    std::optional<double> r = maybe_root(x[i], i);
    s += r.value_or(0.5) * x[(i + 1) % N];
    auto [p, d, k2] = split3(x[i], x[(i + 2) % N], i);
    s += p * 0.3 + d * d * (k2 + 1) * 0.05;
  }
  return s;
}

static double F_buckets(double *x) { return buckets(x); }
static double F_optionals(double *x) { return optionals(x); }

template <double (*f)(const double *)>
static void check(const char *what, ck_objective F, const double *x0) {
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) {
    x[i] = x0[i];
    v[i] = 0.2 * (i + 1) - 0.5;
  }
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx);
  ck_gradient(what, dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v);
  CHECK(what, ck_dot(dx, v, N), jv);
}

int main() {
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.6};
  check<buckets>("unordered_map accumulate, erase", F_buckets, x0);
  check<optionals>("optional, tuple bindings", F_optionals, x0);
  return ck_done();
}
