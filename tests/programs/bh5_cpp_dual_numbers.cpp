// TEST: Enzyme over a user's operator-overloading AD: a templated Dual<T> number class (operators +, -, *, /, unary minus, friend sin/exp/log/sqrt/pow, comparison by value) used inside the differentiated functions to compute a first derivative, a std::vector<Dual<double>> directional derivative of an energy, and nested Dual<Dual<double>>; __enzyme_autodiff and __enzyme_fwddiff of those give second derivatives, checked against finite differences of the (exact) first derivatives, reverse against forward
#include <cmath>
#include <cstdio>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_fwddiff(void *, ...);
}
struct Grad2 {
  double dx, dy;
};
extern "C" Grad2 __enzyme_autodiff(void *, ...);

template <class T>
struct Dual {
  T v, d;
  Dual() : v(0), d(0) {}
  Dual(T v_, T d_ = T(0)) : v(v_), d(d_) {}
  Dual &operator+=(const Dual &o) {
    v += o.v;
    d += o.d;
    return *this;
  }
  friend Dual operator+(Dual a, const Dual &b) { return a += b; }
  friend Dual operator-(const Dual &a, const Dual &b) { return Dual(a.v - b.v, a.d - b.d); }
  friend Dual operator-(const Dual &a) { return Dual(-a.v, -a.d); }
  friend Dual operator*(const Dual &a, const Dual &b) { return Dual(a.v * b.v, a.d * b.v + a.v * b.d); }
  friend Dual operator/(const Dual &a, const Dual &b) {
    return Dual(a.v / b.v, (a.d * b.v - a.v * b.d) / (b.v * b.v));
  }
  friend bool operator<(const Dual &a, const Dual &b) { return a.v < b.v; }
  friend Dual sin(const Dual &a) {
    using std::cos;
    using std::sin;
    return Dual(sin(a.v), a.d * cos(a.v));
  }
  friend Dual cos(const Dual &a) {
    using std::cos;
    using std::sin;
    return Dual(cos(a.v), -(a.d * sin(a.v)));
  }
  friend Dual exp(const Dual &a) {
    using std::exp;
    T e = exp(a.v);
    return Dual(e, a.d * e);
  }
  friend Dual log(const Dual &a) {
    using std::log;
    return Dual(log(a.v), a.d / a.v);
  }
  friend Dual sqrt(const Dual &a) {
    using std::sqrt;
    T s = sqrt(a.v);
    return Dual(s, a.d / (T(2) * s));
  }
};

template <class T>
T f(const T &x, const T &y) {
  T one(1.0);
  T r = sin(x) * exp(y * T(0.5)) + x * x / (y * y + one) + sqrt(x * x + y * y + one);
  if (x < y) r = r + log(y * y + T(2.0)) * x;
  return r;
}

/* df/dx by a dual number: a plain double function Enzyme differentiates again. */
__attribute__((noinline)) double dfdx(double x, double y) { return f(Dual<double>(x, 1.0), Dual<double>(y)).d; }

/* The directional derivative <grad E(x), v> of a chain energy through std::vector<Dual<double>>. */
template <class T>
T energy(const std::vector<T> &q) {
  T e(0.0);
  for (size_t i = 0; i + 1 < q.size(); i++) {
    T dq = q[i + 1] - q[i];
    e += dq * dq * T(0.5) + cos(q[i]) * T(0.3);
  }
  return e + exp(q.back() * T(0.2));
}
__attribute__((noinline)) double dir_deriv(const double *x, const double *v, int n) {
  std::vector<Dual<double>> q;
  for (int i = 0; i < n; i++) q.push_back(Dual<double>(x[i], v[i]));
  return energy(q).d;
}

/* d2f/dx2 by nested duals: Enzyme's derivative of it is a third derivative. */
__attribute__((noinline)) double d2fdx2(double x, double y) {
  typedef Dual<Dual<double>> DD;
  DD X(Dual<double>(x, 1.0), Dual<double>(1.0, 0.0)), Y(Dual<double>(y, 0.0), Dual<double>(0.0, 0.0));
  return f(X, Y).d.d;
}

static double X0 = 0.45, Y0 = 0.8;
static double dfdx_x(double x) { return dfdx(x, Y0); }
static double dfdx_y(double y) { return dfdx(X0, y); }
static double d2_x(double x) { return d2fdx2(x, Y0); }
static double d2_y(double y) { return d2fdx2(X0, y); }
static double f_x(double x) { return f(x, Y0); }

#define N 6
static double V[N];
static double DD(double *x) { return dir_deriv(x, V, N); }

int main() {
  CHECK("dual df/dx against finite differences of f", dfdx(X0, Y0), ck_fd1(f_x, X0));
  Grad2 g = __enzyme_autodiff((void *)dfdx, X0, Y0);
  CHECK("reverse of dual: d2f/dx2", g.dx, ck_fd1(dfdx_x, X0));
  CHECK("reverse of dual: d2f/dxdy", g.dy, ck_fd1(dfdx_y, Y0));
  CHECK("forward of dual along x", __enzyme_fwddiff((void *)dfdx, X0, 1.0, Y0, 0.0), g.dx);
  CHECK("forward of dual along y", __enzyme_fwddiff((void *)dfdx, X0, 0.0, Y0, 1.0), g.dy);
  CHECK("nested duals: d2f/dx2", d2fdx2(X0, Y0), g.dx);
  Grad2 h = __enzyme_autodiff((void *)d2fdx2, X0, Y0);
  CHECK("reverse of nested duals: d3f/dx3", h.dx, ck_fd1(d2_x, X0));
  CHECK("reverse of nested duals: d3f/dx2dy", h.dy, ck_fd1(d2_y, Y0));
  /* swap the branch of f (x < y false) */
  double X1 = 1.3, Y1 = 0.2;
  X0 = X1;
  Y0 = Y1;
  Grad2 k = __enzyme_autodiff((void *)dfdx, X1, Y1);
  CHECK("other branch: d2f/dx2", k.dx, ck_fd1(dfdx_x, X1));
  CHECK("other branch: d2f/dxdy", k.dy, ck_fd1(dfdx_y, Y1));

  double x[N], hv[N] = {0}, dv[N] = {0}, u[N];
  for (int i = 0; i < N; i++) {
    x[i] = 0.4 * std::sin(1.1 * i + 0.3);
    V[i] = std::cos(0.7 * i);
    u[i] = std::sin(2.1 * i + 1.0);
  }
  /* reverse in x of <grad E, v>: the Hessian-vector product H v */
  __enzyme_autodiff((void *)dir_deriv, enzyme_dup, x, hv, enzyme_dup, V, dv, enzyme_const, N);
  ck_gradient("reverse of a dual directional derivative (H v)", hv, DD, x, N);
  /* its derivative in v is grad E, linear in v: check against differences in v */
  double gE[N];
  for (int i = 0; i < N; i++) {
    double e[N] = {0};
    e[i] = 1.0;
    gE[i] = dir_deriv(x, e, N);
  }
  for (int i = 0; i < N; i++) CHECK("reverse in v gives grad E", dv[i], gE[i]);
  double t = __enzyme_fwddiff((void *)dir_deriv, enzyme_dup, x, u, enzyme_const, V, enzyme_const, N);
  CHECK("forward of the directional derivative: u^T H v", t, ck_dot(hv, u, N));
  return ck_done();
}
