// TEST: GradBench-style C++ idioms around the standard library (my own code): an RK4 step whose right-hand side is a type-erased std::function built from a capturing lambda; std::inner_product, std::accumulate and std::transform with lambdas over std::vector<double>; std::valarray arithmetic (a logistic-regression loss with expression templates, apply, sum); and the bundle-adjustment-like residual of a small projection with its Jacobian rows by batched reverse mode (enzyme_width 3); gradients against finite differences, reverse against forward mode by the dot-product test
#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <valarray>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
void __enzyme_autodiff_v(void *, ...) __asm__("__enzyme_autodiff");
double __enzyme_fwddiff(void *, ...);
}

#define N 6

/* --- std::function right-hand side --- */
using Rhs = std::function<void(const std::vector<double> &, std::vector<double> &)>;

static void rk4(const Rhs &f, std::vector<double> &y, double h, int steps) {
  const size_t n = y.size();
  std::vector<double> k1(n), k2(n), k3(n), k4(n), t(n);
  for (int s = 0; s < steps; s++) {
    f(y, k1);
    for (size_t i = 0; i < n; i++) t[i] = y[i] + 0.5 * h * k1[i];
    f(t, k2);
    for (size_t i = 0; i < n; i++) t[i] = y[i] + 0.5 * h * k2[i];
    f(t, k3);
    for (size_t i = 0; i < n; i++) t[i] = y[i] + h * k3[i];
    f(t, k4);
    for (size_t i = 0; i < n; i++) y[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
  }
}

__attribute__((noinline)) static double ode_function(const double *x, int n) {
  std::vector<double> y(x, x + n / 2), k(x + n / 2, x + n);
  Rhs f = [&k](const std::vector<double> &u, std::vector<double> &du) {
    const size_t m = u.size();
    for (size_t i = 0; i < m; i++) du[i] = -k[i] * u[i] + 0.3 * std::sin(u[(i + 1) % m]);
  };
  rk4(f, y, 0.1, 8);
  return std::inner_product(y.begin(), y.end(), y.begin(), 0.0);
}

/* --- algorithms with lambdas --- */
__attribute__((noinline)) static double algo_function(const double *x, int n) {
  std::vector<double> a(x, x + n), b(n);
  std::transform(a.begin(), a.end(), b.begin(), [](double v) { return std::tanh(v) + 0.5 * v * v; });
  double s = std::accumulate(b.begin(), b.end(), 0.0, [](double acc, double v) { return acc + v * std::exp(-0.1 * acc); });
  double d = std::inner_product(a.begin(), a.end(), b.rbegin(), 0.0);
  auto mx = std::max_element(b.begin(), b.end());
  return s + 0.5 * d + *mx;
}

/* --- std::valarray --- */
static const double FEAT_A[3] = {0.5, -1.2, 0.8}, FEAT_B[3] = {1.1, 0.3, -0.6}, LABEL[3] = {1.0, 0.0, 1.0};

__attribute__((noinline)) static double valarray_function(const double *x, int n) {
  /* the data as local valarrays copied from constant tables (a mutable global std::valarray read
     here crashes: tests/regressions/gb8_global_vector_data.cpp) */
  std::valarray<double> g_feat_a(FEAT_A, 3), g_feat_b(FEAT_B, 3), g_label(LABEL, 3);
  std::valarray<double> w(x, n / 2), c(x + n / 2, n / 2);
  std::valarray<double> z = w * g_feat_a + c * g_feat_b;
  std::valarray<double> p = z.apply([](double t) { return 1.0 / (1.0 + std::exp(-t)); });
  std::valarray<double> ll = g_label * std::log(p) + (1.0 - g_label) * std::log(1.0 - p);
  return -ll.sum() + 0.05 * (w * w).sum();
}

/* --- batched reverse Jacobian rows --- */
__attribute__((noinline)) static void proj_residual(const double *x, double *r) {
  std::vector<double> p(x, x + N);
  double z = p[2] + 3.0;
  double u = p[0] / z, v = p[1] / z, rsq = u * u + v * v;
  double dist = 1.0 + p[3] * rsq + p[4] * rsq * rsq;
  r[0] = p[5] * u * dist - 0.1;
  r[1] = p[5] * v * dist + 0.2;
  r[2] = 1.0 - p[5] * p[5];
}

static double F_ode(double *x) { return ode_function(x, N); }
static double F_algo(double *x) { return algo_function(x, N); }
static double F_val(double *x) { return valarray_function(x, N); }
static int g_row;
static double F_row(double *x) {
  double r[3];
  proj_residual(x, r);
  return r[g_row];
}

template <double (*f)(const double *, int)>
static void check_scalar(const char *what, ck_objective F, const double *x0) {
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) x[i] = x0[i], v[i] = 0.3 * ((i * 4) % 7) - 0.9;
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient(what, dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v, enzyme_const, N);
  char label[120];
  snprintf(label, sizeof label, "%s: <grad, v> = Jv", what);
  CHECK(label, ck_dot(dx, v, N), jv);
}

int main() {
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.55};
  check_scalar<ode_function>("rk4 with std::function", F_ode, x0);
  check_scalar<algo_function>("transform/accumulate/inner_product", F_algo, x0);
  check_scalar<valarray_function>("valarray logistic loss", F_val, x0);

  double x[N] = {0.4, -0.3, 0.2, 0.05, -0.01, 1.3}, r[3];
  double dx[3][N] = {{0}}, dr[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  __enzyme_autodiff_v((void *)proj_residual, enzyme_width, 3, enzyme_dup, x, dx[0], dx[1], dx[2], enzyme_dupnoneed, r,
                      dr[0], dr[1], dr[2]);
  char label[80];
  for (int l = 0; l < 3; l++) {
    g_row = l;
    snprintf(label, sizeof label, "width-3 reverse row %d", l);
    ck_gradient(label, dx[l], F_row, x, N);
  }
  return ck_done();
}
