// TEST: reverse and forward mode through the <numeric> and <algorithm> algorithms with lambdas (std::accumulate with a lambda, std::inner_product with two lambdas, binary std::transform, std::transform_reduce, std::partial_sum, std::adjacent_difference, std::generate with a lambda capturing state by reference, std::for_each over a std::vector<double> filled inside), and the C++ interface <enzyme/enzyme> called from a template member function of a small model class (enzyme::autodiff<enzyme::Reverse> with Active and Const arguments, enzyme::autodiff<enzyme::Forward> with Duplicated ones) on a function object holding active state by pointer; gradients against finite differences, the dot-product test against forward mode
#include "include/catalase_check.h"

#include <enzyme/enzyme>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 7

static double algos(const double *x) {
  std::vector<double> a(x, x + N), b(N), c(N), d(N);
  std::transform(a.begin(), a.end(), a.rbegin(), b.begin(), [](double p, double q) { return p * q + std::sin(p); });
  std::partial_sum(b.begin(), b.end(), c.begin());
  std::adjacent_difference(a.begin(), a.end(), d.begin(), [](double p, double q) { return p * p - q; });
  double k = 0.5;
  int t = 0;
  std::vector<double> g(N);
  std::generate(g.begin(), g.end(), [&]() { double r = k * x[t] + t; k *= 0.9; t++; return r; });
  double s = std::accumulate(c.begin(), c.end(), 0.0, [](double acc, double e) { return 0.9 * acc + e * e; });
  s += std::inner_product(d.begin(), d.end(), g.begin(), 0.0, [](double p, double q) { return p + q; },
                          [](double p, double q) { return p * std::cos(q); });
  s += std::transform_reduce(a.begin(), a.end(), g.begin(), 1.0, std::plus<>(), [](double p, double q) { return std::exp(0.1 * p * q); });
  double m = 0.0;
  std::for_each(b.begin(), b.end(), [&m](double e) { m = std::max(m, std::fabs(e)); });
  return s + m;
}

static double F_algos(double *x) { return algos(x); }

struct Spring {
  const double *rest;
  double operator()(const double *q, double k) const {
    double e = 0.0;
    for (int i = 0; i + 1 < N; i++) {
      double d = q[i + 1] - q[i] - rest[i];
      e += 0.5 * k * d * d + 0.01 * std::pow(q[i], 4);
    }
    return e;
  }
};
static const double g_rest[N] = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1};
static double spring(const double *q, double k) { return Spring{g_rest}(q, k); }
/* a stateless function object naming the energy (a function pointer held in a member would be a
   run-time value, which no tool resolves to a function) */
struct SpringEnergy {
  double operator()(const double *q, double k) const { return spring(q, k); }
};
static double g_k = 1.7;
static double F_spring(double *q) { return spring(q, g_k); }

template <typename Energy>
struct Model {
  Energy e;
  double k;
  /* d energy / d q into dq, d energy / d k returned: the header interface from a member template */
  template <typename T>
  T grad(const T *q, T *dq) const {
    auto r = enzyme::autodiff<enzyme::Reverse>(e, enzyme::Duplicated<const T *>(q, dq), enzyme::Active<T>(k));
    return enzyme::get<1>(enzyme::get<0>(r));
  }
  template <typename T>
  T tangent(const T *q, const T *v) const {
    auto r = enzyme::autodiff<enzyme::Forward>(e, enzyme::Duplicated<const T *>(q, const_cast<T *>(v)), enzyme::Const<T>(k));
    return enzyme::get<0>(r);
  }
};

int main() {
  double x[N] = {0.4, -0.9, 1.2, 0.3, -0.5, 0.8, 1.05}, dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) v[i] = 0.25 * ((i * 4) % 5) - 0.4;
  __enzyme_autodiff((void *)algos, enzyme_dup, x, dx);
  ck_gradient("numeric algorithms with lambdas", dx, F_algos, x, N);
  double jv = __enzyme_fwddiff((void *)algos, enzyme_dup, x, v);
  CHECK("numeric algorithms: <grad, v> = Jv", ck_dot(dx, v, N), jv);

  Model<SpringEnergy> m{SpringEnergy{}, g_k};
  double q[N] = {0.1, 0.7, 1.2, 2.1, 2.9, 3.8, 5.0}, dq[N] = {0};
  double dk = m.grad(q, dq);
  ck_gradient("enzyme::autodiff from a member template: d/dq", dq, F_spring, q, N);
  double h = ck_step(g_k), k0 = g_k;
  g_k = k0 + h;
  double fp = F_spring(q);
  g_k = k0 - h;
  double fm = F_spring(q);
  g_k = k0;
  CHECK("enzyme::autodiff from a member template: d/dk", dk, (fp - fm) / (2 * h));
  double jq = m.tangent(q, v);
  CHECK("enzyme::autodiff Forward: <grad, v> = Jv", ck_dot(dq, v, N), jq);
  return ck_done();
}
