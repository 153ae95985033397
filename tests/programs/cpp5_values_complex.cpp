// TEST: reverse and forward mode through value types returned by helpers: std::optional<double> (engaged and disengaged, value_or), std::pair<double, double> and std::tuple<double, double, int> returned by value and unpacked with structured bindings, a function returning std::pair<double, double> differentiated in forward mode (its tangent a pair); std::complex<double> arithmetic in a small DFT (multiplication, division, std::abs, std::exp, std::conj, std::norm, std::sqrt of a complex), and std::valarray with std::slice and cshift; gradients against finite differences, the dot-product test against forward mode
#include <cmath>
#include <complex>
#include <optional>
#include <tuple>
#include <utility>
#include <valarray>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}
struct pair_dd {
  double a, b;
};
extern "C" pair_dd __enzyme_fwddiff_pair(void *, ...) __asm__("__enzyme_fwddiff");

#define N 8

static std::optional<double> safe_root(double v) {
  if (v < 0.0) return std::nullopt;
  return std::sqrt(v);
}

static std::pair<double, double> to_polar(double x, double y) { return {std::hypot(x, y), std::atan2(y, x)}; }

static std::tuple<double, double, int> stats(const double *x, int n) {
  double m = 0.0;
  for (int i = 0; i < n; i++) m += x[i];
  m /= n;
  double v = 0.0;
  int above = 0;
  for (int i = 0; i < n; i++) {
    v += (x[i] - m) * (x[i] - m);
    above += x[i] > m;
  }
  return {m, v / n, above};
}

static double values(const double *x) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += safe_root(x[i]).value_or(0.5 * x[i] * x[i]);
  auto [r, th] = to_polar(x[0], x[1]);
  s += r * std::cos(2.0 * th);
  auto [m, var, above] = stats(x, N);
  s += m * var * (1 + above);
  double r2, th2;
  std::tie(r2, th2) = to_polar(x[2] - x[3], x[4]);
  return s + r2 * th2;
}

static std::pair<double, double> polar_pair(const double *x) { return to_polar(x[0] * x[5], x[1] + x[6]); }

using cd = std::complex<double>;

static double dft(const double *x) {
  const double pi = 3.14159265358979323846;
  double s = 0.0;
  for (int k = 0; k < N; k++) {
    cd acc(0.0, 0.0);
    for (int j = 0; j < N; j++) acc += x[j] * std::exp(cd(0.0, -2.0 * pi * j * k / N));
    s += std::norm(acc) / N + 0.1 * std::abs(acc);
  }
  cd z(x[0], x[1]), w(x[2], x[3] + 2.0);
  cd q = (z * w) / (std::conj(w) + 1.0) + std::sqrt(z * z + 1.5);
  return s + q.real() * q.imag();
}

static double arrays(const double *x) {
  std::valarray<double> a(x, N);
  std::valarray<double> even = a[std::slice(0, N / 2, 2)];
  std::valarray<double> odd = a[std::slice(1, N / 2, 2)];
  std::valarray<double> m = even * odd + std::sin(even);
  std::valarray<double> r = a.cshift(3) * a;
  return m.sum() + (r * r).sum() * 0.1 + m.max();
}

static double F_values(double *x) { return values(x); }
static double F_dft(double *x) { return dft(x); }
static double F_arrays(double *x) { return arrays(x); }
static double W[2] = {0.7, -1.3};
static double F_pair(double *x) {
  std::pair<double, double> p = polar_pair(x);
  return W[0] * p.first + W[1] * p.second;
}

template <double (*f)(const double *)>
static void check(const char *what, ck_objective F, const double *x0) {
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) {
    x[i] = x0[i];
    v[i] = 0.3 * ((i * 3) % 7) - 0.8;
  }
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx);
  ck_gradient(what, dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v);
  char label[120];
  snprintf(label, sizeof label, "%s: <grad, v> = Jv", what);
  CHECK(label, ck_dot(dx, v, N), jv);
}

int main() {
  const double x0[N] = {0.9, -0.35, 1.4, 0.6, -0.8, 0.25, 1.1, -1.2};
  check<values>("optional/pair/tuple helpers", F_values, x0);
  check<dft>("complex DFT", F_dft, x0);
  check<arrays>("valarray slices", F_arrays, x0);
  /* a pair returned: forward mode gives its tangent pair, checked per component */
  double x[N], v[N] = {0};
  for (int i = 0; i < N; i++) x[i] = x0[i];
  for (int i = 0; i < N; i++) {
    v[i] = 1.0;
    pair_dd t = __enzyme_fwddiff_pair((void *)polar_pair, enzyme_dup, x, v);
    v[i] = 0.0;
    char label[80];
    snprintf(label, sizeof label, "pair return tangent: d/dx[%d]", i);
    CHECK(label, W[0] * t.a + W[1] * t.b, ck_fd_partial(F_pair, x, i));
  }
  return ck_done();
}
