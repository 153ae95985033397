// TEST: reverse and forward mode through function-local static std::vector caches of constants that the program fills before the derivative calls (a plain call first), marked inactive with __attribute__((annotate("enzyme_inactive"))) as the run-time check of rev_cpp_static_vector_cache asks: a std::vector<double> of coefficients filled by push_back and one of nodes filled by resize and assignment on first use, read beside a local std::vector of the inputs; gradients against finite differences, the dot-product test against forward mode
// LEVELS: O1,O2,O3
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 4

static const std::vector<double> &coefficients() {
  static std::vector<double> c __attribute__((annotate("enzyme_inactive")));
  if (c.empty())
    for (int k = 0; k < N; k++) c.push_back(1.0 / (1.0 + k * k));
  return c;
}

static const std::vector<double> &nodes() {
  static std::vector<double> z __attribute__((annotate("enzyme_inactive")));
  if (z.empty()) {
    z.resize(N);
    for (int k = 0; k < N; k++) z[k] = std::cos(0.4 * (k + 1));
  }
  return z;
}

static double series(const double *x) {
  const std::vector<double> &c = coefficients();
  double s = 0.0;
  for (int k = 0; k < N; k++) s += c[k] * std::sin((k + 1) * x[k]);
  return s;
}

/* Both caches, a local std::vector of the shifted inputs, and a product over them. */
static double shifted(const double *x) {
  const std::vector<double> &z = nodes(), &c = coefficients();
  std::vector<double> d(x, x + N);
  for (int k = 0; k < N; k++) d[k] -= z[k];
  double s = 0.0;
  for (int k = 0; k < N; k++) s += c[k] * d[k] * d[(k + 1) % N];
  return s;
}

static double F_series(double *x) { return series(x); }
static double F_shifted(double *x) { return shifted(x); }

int main() {
  double x[N] = {0.7, -0.4, 1.1, 0.25}, v[N] = {0.3, -0.2, 0.5, 0.1};
  printf("plain calls first: %g %g\n", series(x), shifted(x)); /* the caches are filled outside any derivative */

  double dx[N] = {0};
  __enzyme_autodiff((void *)series, enzyme_dup, x, dx);
  ck_gradient("static cache: series", dx, F_series, x, N);
  double jv = __enzyme_fwddiff((void *)series, enzyme_dup, x, v);
  CHECK("static cache: series <grad, v> = Jv", ck_dot(dx, v, N), jv);

  double dq[N] = {0};
  __enzyme_autodiff((void *)shifted, enzyme_dup, x, dq);
  ck_gradient("static cache: shifted", dq, F_shifted, x, N);
  double jq = __enzyme_fwddiff((void *)shifted, enzyme_dup, x, v);
  CHECK("static cache: shifted <grad, v> = Jv", ck_dot(dq, v, N), jq);
  return ck_done();
}
