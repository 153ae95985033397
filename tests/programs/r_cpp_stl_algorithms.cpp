// TEST: C++ standard library code inside differentiated functions, in reverse and forward mode: std::sort with a lambda comparator on a copy of active data (a trimmed mean), std::accumulate and std::inner_product, std::vector built with push_back and returned by value from a helper, range-for over a std::vector<double> passed by const reference with a shadow vector, a class whose member function a static wrapper differentiates, and a std::function callback
#include "include/ck_array.h"
#include <algorithm>
#include <functional>
#include <numeric>
#include <vector>

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

static double trimmed_mean(const double *x, int n) {
  std::vector<double> v(x, x + n);
  std::sort(v.begin(), v.end(), [](double a, double b) { return a < b; });
  double s = std::accumulate(v.begin() + 1, v.end() - 1, 0.0);
  return s / (n - 2) + 0.1 * v.front() * v.back();
}

static std::vector<double> squares(const std::vector<double> &v) {
  std::vector<double> out;
  for (double e : v) out.push_back(e * e + std::sin(e));
  return out;
}
static double vec_energy(const std::vector<double> &v) {
  std::vector<double> sq = squares(v);
  return std::inner_product(sq.begin(), sq.end(), v.begin(), 0.0);
}

class Spring {
public:
  Spring(double k, double rest) : k_(k), rest_(rest) {}
  double energy(const double *p, int n) const {
    double e = 0.0;
    for (int i = 0; i + 1 < n; i++) {
      double d = p[i + 1] - p[i] - rest_;
      e += 0.5 * k_ * d * d;
    }
    return e;
  }

private:
  double k_, rest_;
};
static double spring_energy(const Spring *s, const double *p, int n) { return s->energy(p, n); }

static double apply_twice(const std::function<double(double)> &f, double x) { return f(f(x)); }
static double callback_user(double x, double a) {
  std::function<double(double)> f = [a](double t) { return a * std::tanh(t) + t * t; };
  return apply_twice(f, x);
}

#define N 7
static double X[N] = {0.9, -0.4, 1.7, 0.2, -1.1, 0.6, 1.3};
static double tm_x(double *x) { return trimmed_mean(x, N); }
static double ve_x(double *x) { return vec_energy(std::vector<double>(x, x + N)); }
static Spring SPRING(2.5, 0.3);
static double sp_x(double *x) { return spring_energy(&SPRING, x, N); }
static double cb_x(double x) { return callback_user(x, 0.7); }

int main() {
  double d[N] = {0};
  __enzyme_autodiff((void *)trimmed_mean, enzyme_dup, X, d, enzyme_const, N);
  ck_gradient("std::sort trimmed mean", d, tm_x, X, N);

  std::vector<double> v(X, X + N), dv(N, 0.0);
  __enzyme_autodiff((void *)vec_energy, enzyme_dup, &v, &dv);
  ck_gradient("vector by const ref, returned vector", dv.data(), ve_x, X, N);
  std::vector<double> t = {0.2, -0.1, 0.5, 0.3, -0.7, 0.4, 0.1};
  double jv = __enzyme_fwddiff((void *)vec_energy, enzyme_dup, &v, &t);
  double one = 1.0;
  ck_dot_test("vector by const ref, returned vector", &one, &jv, 1, dv.data(), t.data(), N);

  double ds[N] = {0};
  __enzyme_autodiff((void *)spring_energy, enzyme_const, &SPRING, enzyme_dup, X, ds, enzyme_const, N);
  ck_gradient("member function through a static wrapper", ds, sp_x, X, N);

  CHECK("std::function callback: d/dx", __enzyme_autodiff((void *)callback_user, 0.45, enzyme_const, 0.7), ck_fd1(cb_x, 0.45));
  CHECK("std::function callback (forward): d/dx", __enzyme_fwddiff((void *)callback_user, 0.45, 1.0, enzyme_const, 0.7), ck_fd1(cb_x, 0.45));
  return ck_done();
}
