// TEST: reverse and forward mode through std::array<std::array<double, 3>, 3> values: matrices passed and returned by value, products and a Gaussian elimination with partial pivoting (row swaps of whole std::array rows with std::swap, the pivot chosen by std::abs of active values) solving a 3x3 system, std::array<Vec, 4> of points iterated with range-for and structured bindings, and std::array copied by assignment; gradients against finite differences, the dot-product test against forward mode
#include <array>
#include <cmath>
#include <utility>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 9
using Row = std::array<double, 3>;
using M33 = std::array<Row, 3>;

static M33 load(const double *x) {
  M33 a;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) a[i][j] = x[3 * i + j] + (i == j ? 3.0 : 0.0);
  return a;
}

static M33 mul(M33 a, const M33 &b) {
  M33 p{};
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      for (int k = 0; k < 3; k++) p[i][j] += a[i][k] * b[k][j];
  return p;
}

__attribute__((noinline)) static Row solve(M33 a, Row b) {
  for (int c = 0; c < 3; c++) {
    int p = c;
    for (int r = c + 1; r < 3; r++)
      if (std::abs(a[r][c]) > std::abs(a[p][c])) p = r;
    std::swap(a[c], a[p]);
    std::swap(b[c], b[p]);
    for (int r = c + 1; r < 3; r++) {
      double f = a[r][c] / a[c][c];
      for (int k = c; k < 3; k++) a[r][k] -= f * a[c][k];
      b[r] -= f * b[c];
    }
  }
  Row y{};
  for (int i = 2; i >= 0; i--) {
    double s = b[i];
    for (int k = i + 1; k < 3; k++) s -= a[i][k] * y[k];
    y[i] = s / a[i][i];
  }
  return y;
}

static double linear(const double *x) {
  M33 A = load(x);
  M33 A2 = mul(A, A);
  M33 B = A2;                /* a copy, changed below */
  B[2] = Row{x[0], x[4], 5.0 + x[8]};
  Row rhs{1.0, x[1] * x[2], std::exp(0.3 * x[5])};
  Row y = solve(B, rhs);
  Row z = solve(A, y);
  double s = 0.0;
  for (const Row &r : A2) s += r[0] * r[1] - 0.1 * r[2];
  for (int i = 0; i < 3; i++) s += y[i] * z[i] + z[i];
  return s;
}

struct Point {
  double x, y;
};

static double polygon(const double *x) {
  std::array<Point, 4> pts{{{x[0], x[1]}, {1.0 + x[2], x[3]}, {1.0 + x[4], 1.0 + x[5]}, {x[6], 1.0 + x[7]}}};
  double area = 0.0, perim = 0.0;
  for (size_t i = 0; i < pts.size(); i++) {
    auto [ax, ay] = pts[i];
    auto [bx, by] = pts[(i + 1) % pts.size()];
    area += ax * by - bx * ay;
    perim += std::hypot(bx - ax, by - ay);
  }
  std::array<Point, 4> moved = pts;
  for (auto &p : moved) p = {p.x * x[8], p.y + p.x};
  double m = 0.0;
  for (const auto &[px, py] : moved) m += px * py;
  return 0.5 * area * perim + m;
}

static double F_linear(double *x) { return linear(x); }
static double F_polygon(double *x) { return polygon(x); }

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
  check<linear>("array<array> solve with pivoting", F_linear, x0);
  check<polygon>("array of points", F_polygon, x0);
  return ck_done();
}
