// TEST: reverse and forward mode through std::vector<std::vector<double>> used as a value: built by a factory and returned by value, passed by value to a helper (a deep copy), copy-constructed, copy-assigned over a matrix of another shape, move-assigned, swapped with std::swap, a transpose returned by value and a row read at a constant index after each (rows pushed as copies: tests/regressions/rev_cpp_vector_row_copies_shadow_leak.cpp); gradients against finite differences, the dot-product test against forward mode
#include <cmath>
#include <utility>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 8
using Grid = std::vector<std::vector<double>>;

static Grid make_grid(const double *x, int r, int c) {
  Grid g(r, std::vector<double>(c));
  for (int i = 0; i < r; i++)
    for (int j = 0; j < c; j++) g[i][j] = x[(3 * i + j) % N] * (1.0 + 0.1 * j);
  return g;
}

static Grid transpose(const Grid &g) {
  Grid t(g[0].size(), std::vector<double>(g.size()));
  for (size_t i = 0; i < g.size(); i++)
    for (size_t j = 0; j < g[i].size(); j++) t[j][i] = g[i][j];
  return t;
}

__attribute__((noinline)) static double weighted(Grid g) {
  /* g is a copy: scaling it leaves the caller's rows alone */
  double s = 0.0;
  for (auto &row : g)
    for (double &v : row) {
      v *= v;
      s += v;
    }
  return s;
}

static Grid smooth(Grid g) {
  for (size_t i = 1; i + 1 < g.size(); i++)
    for (size_t j = 0; j < g[i].size(); j++) g[i][j] = 0.25 * g[i - 1][j] + 0.5 * g[i][j] + 0.25 * g[i + 1][j];
  return g;
}

static double values(const double *x) {
  Grid a = make_grid(x, 3, 4);
  Grid b(a);                 /* copy construction */
  b[1][2] *= std::sin(x[5]);
  Grid c = make_grid(x + 1, 2, 2);
  c = b;                     /* copy assignment over another shape */
  c[0][0] += x[7];
  Grid t = transpose(a);     /* 4x3 */
  std::swap(a, t);           /* a is now 4x3 */
  double s = weighted(a) + 0.5 * weighted(c);
  s += a[2][1] * c[2][3] + t[0][3] * b[1][2];  /* rows read at constant indices */
  Grid m = smooth(std::move(b));                /* moved in, returned out */
  for (size_t i = 0; i < m.size(); i++) s += m[i][i] * m[i][(i + 1) % 4];
  return s;
}

static double F_values(double *x) { return values(x); }

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
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.55, 1.3, -0.15};
  check<values>("vector<vector> copies, moves, swaps", F_values, x0);
  return ck_done();
}
