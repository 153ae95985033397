// TEST: reverse and forward mode through std::sort of the active doubles themselves (ascending with std::less, descending with a lambda, by absolute value with a lambda calling std::fabs), std::stable_sort of std::pair<double, double> by .second, std::unique after rounding keys away from ties, std::reverse and std::rotate of a std::vector<double>, and a median and trimmed mean taken from the sorted copy (a 32-element input, so introsort partitions before its insertion sort); the order is locally constant, so the gradients are checked against finite differences away from ties, plus the dot-product test against forward mode
#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 32

static double order_stats(const double *x) {
  std::vector<double> a(x, x + N);
  std::sort(a.begin(), a.end(), std::less<double>());
  double median = 0.5 * (a[N / 2 - 1] + a[N / 2]);
  double trimmed = 0.0;
  for (int i = 4; i < N - 4; i++) trimmed += a[i];
  trimmed /= (N - 8);
  std::vector<double> b(x, x + N);
  std::sort(b.begin(), b.end(), [](double p, double q) { return p > q; });
  double top = b[0] * b[1] + b[2];
  std::sort(b.begin(), b.end(), [](double p, double q) { return std::fabs(p) < std::fabs(q); });
  double smallest = b[0] * b[0] + 0.5 * b[1];
  std::reverse(a.begin(), a.end());
  std::rotate(a.begin(), a.begin() + 5, a.end());
  double w = 0.0;
  for (int i = 0; i < N; i++) w += std::sin(0.1 * (i + 1)) * a[i];
  return median * trimmed + top + smallest + w;
}

static double pairs(const double *x) {
  std::vector<std::pair<double, double>> p;
  for (int i = 0; i < N; i++) p.emplace_back(x[i], std::cos(x[i]) + 0.01 * i);
  std::stable_sort(p.begin(), p.end(), [](const auto &u, const auto &v) { return u.second < v.second; });
  double s = 0.0;
  for (int i = 0; i < N; i++) s += (i + 1) * p[i].first * p[i].second;
  /* keys rounded to steps of 0.5 (each x stays strictly inside its step), duplicates dropped */
  std::vector<double> k(N);
  for (int i = 0; i < N; i++) k[i] = std::floor(2.0 * x[i]) * 0.5 + 0.0 * x[i];
  std::sort(k.begin(), k.end());
  auto end = std::unique(k.begin(), k.end());
  s += 0.1 * (end - k.begin()) * x[0];
  return s;
}

static double F1(double *x) { return order_stats(x); }
static double F2(double *x) { return pairs(x); }

int main() {
  double x[N], v[N];
  for (int i = 0; i < N; i++) {
    x[i] = 1.3 * std::sin(2.7 * i + 0.4) + 0.021 * i;
    v[i] = 0.1 * ((i * 7) % 13) - 0.6;
  }
  double dx[N] = {0};
  __enzyme_autodiff((void *)order_stats, enzyme_dup, x, dx);
  ck_gradient("sorted doubles: median/trimmed/top", dx, F1, x, N);
  double jv = __enzyme_fwddiff((void *)order_stats, enzyme_dup, x, v);
  CHECK("sorted doubles: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  double dy[N] = {0};
  __enzyme_autodiff((void *)pairs, enzyme_dup, x, dy);
  ck_gradient("stable_sort pairs / unique", dy, F2, x, N);
  double jw = __enzyme_fwddiff((void *)pairs, enzyme_dup, x, v);
  CHECK("stable_sort pairs: <grad, v> = Jv", ck_dot(dy, v, N), jw);
  return ck_done();
}
