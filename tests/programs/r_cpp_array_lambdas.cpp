// TEST: reverse mode through C++ value types: std::array<double, N> passed by reference and returned by value, a class template Vec<N> with operator overloads, a function template taking a lambda (capturing by value and by reference) applied over a std::vector<double>, std::accumulate with a lambda, a range-for reduction, and a small class hierarchy with a virtual method called through a reference inside the loop (the penalty object passed enzyme_dup with a shadow object, whose weight gets its gradient)
#include "include/ck_array.h"
#include <array>
#include <numeric>
#include <vector>

extern "C" double __enzyme_autodiff(void *, ...);

template <int N> struct Vec {
  std::array<double, N> a;
  Vec operator+(const Vec &o) const {
    Vec r;
    for (int i = 0; i < N; i++) r.a[i] = a[i] + o.a[i];
    return r;
  }
  Vec operator*(double s) const {
    Vec r;
    for (int i = 0; i < N; i++) r.a[i] = a[i] * s;
    return r;
  }
  double dot(const Vec &o) const {
    double s = 0;
    for (int i = 0; i < N; i++) s += a[i] * o.a[i];
    return s;
  }
};

template <typename F> static double map_sum(const std::vector<double> &v, F f) {
  double s = 0.0;
  for (double e : v) s += f(e);
  return s;
}

struct Penalty {
  virtual ~Penalty() {}
  virtual double of(double x) const = 0;
};
struct L2 : Penalty {
  double w;
  explicit L2(double w) : w(w) {}
  double of(double x) const override { return w * x * x; }
};
struct Smooth : Penalty {
  double of(double x) const override { return log(cosh(x)); }
};

static std::array<double, 4> squash(const std::array<double, 4> &x) {
  std::array<double, 4> r;
  for (int i = 0; i < 4; i++) r[i] = tanh(x[i]);
  return r;
}

static double model(const double *p, const Penalty &pen) {
  std::array<double, 4> x = {p[0], p[1], p[2], p[3]};
  std::array<double, 4> y = squash(x);
  Vec<4> u{y}, w{{p[3], p[2], p[1], p[0]}};
  Vec<4> z = u + w * 0.5;
  std::vector<double> v(z.a.begin(), z.a.end());
  double scale = 1.5, acc = 0.0;
  double s = map_sum(v, [scale, &acc](double e) {
    acc += e;
    return scale * e * e;
  });
  s += acc * z.dot(u);
  s += std::accumulate(v.begin(), v.end(), 0.0, [&](double a, double e) { return a + pen.of(e); });
  for (const double &e : y) s += pen.of(e * p[4]);
  return s;
}

static L2 PEN_L2(0.7);
static Smooth PEN_S;
static double P[5] = {0.3, -0.8, 0.55, 1.1, -0.45};
static double F_l2(double *p) { return model(p, PEN_L2); }
static double F_s(double *p) { return model(p, PEN_S); }
static double F_w(double *w) {
  L2 pen(*w);
  return model(P, pen);
}

int main() {
  double dp[5] = {0};
  L2 d_l2(0.0);
  __enzyme_autodiff((void *)model, enzyme_dup, P, dp, enzyme_dup, &PEN_L2, &d_l2);
  ck_gradient("std::array, templates, lambdas (L2 penalty)", dp, F_l2, P, 5);
  ck_gradient("std::array, templates, lambdas (L2 weight)", &d_l2.w, F_w, &PEN_L2.w, 1);
  double dq[5] = {0};
  Smooth d_s;
  __enzyme_autodiff((void *)model, enzyme_dup, P, dq, enzyme_dup, &PEN_S, &d_s);
  ck_gradient("std::array, templates, lambdas (smooth penalty)", dq, F_s, P, 5);
  return ck_done();
}
