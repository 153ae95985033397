// TEST: reverse mode and forward mode with enzyme_width 3 through a CRTP-templated small-matrix class (std::array storage, operator overloads, a templated power-by-squaring recursion), a matrix exponential by scaling and squaring, and a member function taking a lambda
#include <array>
#include <cmath>
#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
}
struct Out3 { double d[3]; };
extern "C" Out3 __enzyme_fwddiff(void *, ...);

template <class Derived, int N>
struct MatBase {
  std::array<double, N * N> a{};
  double &operator()(int i, int j) { return a[i * N + j]; }
  double operator()(int i, int j) const { return a[i * N + j]; }
  Derived operator*(const Derived &o) const {
    Derived r;
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) {
        double s = 0.0;
        for (int k = 0; k < N; k++) s += (*this)(i, k) * o(k, j);
        r(i, j) = s;
      }
    return r;
  }
  Derived operator+(const Derived &o) const {
    Derived r;
    for (int i = 0; i < N * N; i++) r.a[i] = a[i] + o.a[i];
    return r;
  }
  template <class Fn>
  void apply(Fn f) {
    for (auto &v : a) v = f(v);
  }
  static Derived eye() {
    Derived r;
    for (int i = 0; i < N; i++) r(i, i) = 1.0;
    return r;
  }
};
struct M3 : MatBase<M3, 3> {};

template <int P>
static M3 mpow(const M3 &m) {
  if constexpr (P == 0) return M3::eye();
  else if constexpr (P % 2 == 0) { M3 h = mpow<P / 2>(m); return h * h; }
  else return m * mpow<P - 1>(m);
}

static M3 expm(M3 m) {
  m.apply([](double v) { return v / 16.0; });
  M3 r = M3::eye(), term = M3::eye();
  for (int k = 1; k < 10; k++) {
    term = term * m;
    term.apply([k](double v) { return v / k; });
    r = r + term;
  }
  return mpow<16>(r);
}

static double trace_expm(const double *x) {
  M3 m;
  for (int i = 0; i < 9; i++) m.a[i] = x[i];
  M3 e = expm(m);
  double s = 0.0;
  for (int i = 0; i < 3; i++) s += e(i, i) + 0.1 * e(i, (i + 1) % 3);
  return s;
}

static double F(double *x) { return trace_expm(x); }

int main() {
  double x[9] = {0.1, 0.3, -0.2, 0.05, -0.4, 0.25, 0.3, 0.1, 0.2}, dx[9] = {0};
  __enzyme_autodiff((void *)trace_expm, enzyme_dup, x, dx);
  ck_gradient("CRTP matrix exponential (reverse)", dx, F, x, 9);
  for (int base = 0; base < 9; base += 3) {
    double v[3][9] = {{0}};
    for (int l = 0; l < 3; l++) v[l][base + l] = 1.0;
    Out3 t = __enzyme_fwddiff((void *)trace_expm, enzyme_width, 3, enzyme_dup, x, v[0], v[1], v[2]);
    for (int l = 0; l < 3; l++) CHECK("CRTP matrix exponential (forward width 3)", t.d[l], dx[base + l]);
  }
  return ck_done();
}
