// TEST: reverse and forward mode through std::vector<double> resize, insert at the front, erase from the middle, copy construction and assignment, std::array returned by value from a helper, std::pair results unpacked with structured bindings, std::min_element and std::max on references, std::inner_product and std::transform with a lambda
#include <algorithm>
#include <array>
#include <numeric>
#include <utility>
#include <vector>
#include <cmath>
#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

static std::array<double, 3> moments(const std::vector<double> &v) {
  std::array<double, 3> m{0.0, 0.0, 0.0};
  for (double e : v) {
    m[0] += e;
    m[1] += e * e;
    m[2] += e * e * e;
  }
  return m;
}

static std::pair<double, double> polar(double a, double b) {
  return {std::sqrt(a * a + b * b), std::atan2(b, a)};
}

static double work(const double *x, int n) {
  std::vector<double> v(x, x + n);
  v.resize(n + 2, 0.25);
  v.insert(v.begin(), x[0] * x[1]);
  v.erase(v.begin() + 3);
  std::vector<double> w(v);
  std::transform(w.begin(), w.end(), w.begin(), [](double e) { return std::sin(e) + 0.5 * e; });
  std::vector<double> u;
  u = w;
  u.push_back(x[n - 1] * 2.0);
  auto m = moments(u);
  auto [r, th] = polar(m[0], m[1] * 0.1);
  double lo = *std::min_element(v.begin(), v.end());
  const double &hi = std::max(v[1], v[2]);
  double ip = std::inner_product(v.begin(), v.end(), w.begin(), 0.0);
  return r * th + m[2] * 0.05 + lo * hi + ip;
}

#define N 6
static double F(double *x) { return work(x, N); }

int main() {
  double x[N] = {0.45, -0.9, 1.3, 0.2, -0.35, 0.8}, dx[N] = {0};
  __enzyme_autodiff((void *)work, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("vector ops (reverse)", dx, F, x, N);
  for (int i = 0; i < N; i++) {
    double v[N] = {0};
    v[i] = 1.0;
    double t = __enzyme_fwddiff((void *)work, enzyme_dup, x, v, enzyme_const, N);
    CHECK("vector ops (forward vs reverse)", t, dx[i]);
  }
  return ck_done();
}
