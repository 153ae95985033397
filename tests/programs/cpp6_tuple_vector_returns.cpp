// TEST: reverse and forward mode through aggregates of containers returned by value: a std::tuple<double, std::vector<double>, int> and a std::pair<std::vector<double>, std::vector<double>> returned from helpers and unpacked with structured bindings (the vectors moved out), std::tie assigning into existing vectors, a struct Stats {double mean; std::vector<double> centered; std::array<double, 2> range;} returned by value, std::optional<std::vector<double>> engaged and disengaged, and std::valarray<double> passed by value and returned; gradients against finite differences, the dot-product test against forward mode
#include <array>
#include <cmath>
#include <optional>
#include <tuple>
#include <utility>
#include <valarray>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 7

static std::tuple<double, std::vector<double>, int> normalize(const double *x, int n) {
  std::vector<double> v(x, x + n);
  double nrm = 0.0;
  for (double a : v) nrm += a * a;
  nrm = std::sqrt(nrm);
  int neg = 0;
  for (double &a : v) {
    neg += a < 0.0;
    a /= nrm;
  }
  return {nrm, std::move(v), neg};
}

static std::pair<std::vector<double>, std::vector<double>> split(const std::vector<double> &v) {
  std::pair<std::vector<double>, std::vector<double>> r;
  for (size_t i = 0; i < v.size(); i++) (i % 2 ? r.second : r.first).push_back(v[i] * (1.0 + 0.1 * i));
  return r;
}

struct Stats {
  double mean;
  std::vector<double> centered;
  std::array<double, 2> range;
};

static Stats stats(const std::vector<double> &v) {
  Stats s{0.0, {}, {v[0], v[0]}};
  for (double a : v) {
    s.mean += a;
    if (a < s.range[0]) s.range[0] = a;
    if (a > s.range[1]) s.range[1] = a;
  }
  s.mean /= v.size();
  for (double a : v) s.centered.push_back(a - s.mean);
  return s;
}

static std::optional<std::vector<double>> positive_part(const std::vector<double> &v) {
  std::vector<double> p;
  for (double a : v)
    if (a > 0.0) p.push_back(a);
  if (p.empty()) return std::nullopt;
  return p;
}

static std::valarray<double> smooth(std::valarray<double> a) {
  std::valarray<double> b = a.cshift(1) + a.cshift(-1);
  return 0.5 * a + 0.25 * b;
}

static double aggregates(const double *x) {
  auto [nrm, unit, neg] = normalize(x, N);
  auto [even, odd] = split(unit);
  std::vector<double> e2, o2;
  std::tie(e2, o2) = split(even);
  Stats st = stats(odd);
  double s = nrm * (1 + neg) + st.mean * st.range[1] - st.range[0];
  for (size_t i = 0; i < st.centered.size(); i++) s += st.centered[i] * st.centered[i] * (i + 1);
  for (double a : e2) s += std::sin(a);
  for (double a : o2) s += a * x[6];
  if (auto p = positive_part(odd)) s += 0.5 * (*p)[0];
  std::vector<double> allneg = {-1.0, -2.0};
  if (!positive_part(allneg)) s += x[0];
  std::valarray<double> va(x, N);
  std::valarray<double> sm = smooth(smooth(va * va));
  return s + sm.sum() + sm[3] * sm[4];
}

static double F_aggregates(double *x) { return aggregates(x); }

int main() {
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.55, 1.3};
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) {
    x[i] = x0[i];
    v[i] = 0.3 * ((i * 4) % 7) - 0.9;
  }
  __enzyme_autodiff((void *)aggregates, enzyme_dup, x, dx);
  ck_gradient("tuples, pairs, structs and optionals of vectors", dx, F_aggregates, x, N);
  double jv = __enzyme_fwddiff((void *)aggregates, enzyme_dup, x, v);
  CHECK("tuples, pairs, structs and optionals of vectors: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  return ck_done();
}
