// TEST: reverse and forward mode through containers grown inside the differentiated function: a std::deque<double> used as a sliding window (push_back, push_front, pop_front, pop_back, indexing across its blocks); a std::array<double, 5> read with range-for and std::array<std::pair<double, double>, 3> with structured bindings; gradients against finite differences, the dot-product test against forward mode
#include <array>
#include <cmath>
#include <deque>
#include <utility>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 9

/* a window of the last 4 values of a recurrence, held in a deque that crosses its 64-double
   blocks many times (each push_back/pop_front moves one step) */
static double window(const double *x) {
  std::deque<double> d;
  for (int i = 0; i < 4; i++) d.push_back(x[i]);
  double s = 0.0;
  for (int t = 0; t < 150; t++) {
    double nxt = 0.5 * d[3] - 0.3 * d[2] + 0.2 * std::sin(d[0]) + 0.01 * x[4 + t % 5];
    d.pop_front();
    d.push_back(nxt);
    s += d.back() * d.front();
  }
  d.push_front(x[8]);
  d.pop_back();
  for (double e : d) s += e * e;
  return s;
}

static double arrays(const double *x) {
  std::array<double, 5> a{};
  for (int i = 0; i < 5; i++) a[i] = x[i] * x[i + 4];
  double s = 0.0;
  for (double e : a) s += std::cos(e);
  for (auto &e : a) e *= 1.5;
  std::array<std::pair<double, double>, 3> ps{{{x[0], x[1]}, {x[2], x[3]}, {a[4], x[8]}}};
  for (const auto &[p, q] : ps) s += p * std::exp(0.2 * q);
  return s + a[0] * a[4];
}

static double F_window(double *x) { return window(x); }
static double F_arrays(double *x) { return arrays(x); }

template <double (*f)(const double *)>
static void check(const char *what, ck_objective F, const double *x0) {
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) {
    x[i] = x0[i];
    v[i] = 0.3 * ((i * 4) % 7) - 0.9;
  }
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx);
  ck_gradient(what, dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v);
  char label[120];
  snprintf(label, sizeof label, "%s: <grad, v> = Jv", what);
  CHECK(label, ck_dot(dx, v, N), jv);
}

int main() {
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.55, 1.3, -0.15, 0.45};
  check<window>("deque sliding window", F_window, x0);
  check<arrays>("std::array range-for", F_arrays, x0);
  return ck_done();
}
