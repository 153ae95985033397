// TEST: reverse and forward mode through lambdas capturing by reference and by value (mutable counters, captured arrays), std::function objects built and called inside the gradient (a std::array of them made in place, closures of doubles and of a pointer), a generic template<class F> integrate() with Simpson's rule over a capturing lambda, a lambda returning a lambda, recursion through a generic lambda taking itself, and an immediately invoked lambda; gradients against finite differences and the dot-product test
#include <cmath>
#include <array>
#include <functional>
#include <vector>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

template <class F>
static double integrate(F f, double a, double b, int n) {
  double h = (b - a) / n, s = f(a) + f(b);
  for (int i = 1; i < n; i++) s += (i % 2 ? 4.0 : 2.0) * f(a + i * h);
  return s * h / 3.0;
}

static auto make_gaussian(double mu, double sigma) {
  return [=](double t) { return std::exp(-0.5 * (t - mu) * (t - mu) / (sigma * sigma)); };
}

// p = {amplitude, mu, sigma, k, c}
static double functional(const double *p) {
  double amp = p[0];
  auto g = make_gaussian(p[1], p[2]);
  double total = integrate([&](double t) { return amp * g(t) * std::cos(p[3] * t); }, -1.0, 2.0, 40);
  int calls = 0;
  auto counted = [&calls, k = p[3]](double t) mutable {
    calls++;
    return std::tanh(k * t);
  };
  total += integrate(counted, 0.0, 1.0, 10) * (calls == 11 ? 1.0 : 0.0);
  double arr[3] = {p[0], p[1], p[4]};
  auto byval = [arr](double t) { return arr[0] * t * t + arr[1] * t + arr[2]; };
  arr[2] = 100.0;  // the copy inside byval keeps p[4]
  total += byval(p[4]);
  total += [&] {
    double s = 0;
    for (int i = 0; i < 3; i++) s += arr[i] * p[i];
    return s;
  }();
  return total;
}

// A pipeline of std::function stages built inside the differentiated function.
static double pipeline(const double *x, int n) {
  // A std::array of them made in place from the lambdas: a std::function assigned, swapped or
  // moved by a growing std::vector copies the 16 bytes of _Any_data, a double in one closure and
  // a pointer in the next (or a manager's type_info), which no static analysis tells apart
  // (refused with a diagnostic; tests/regressions/rev_cpp_function_swap_double_closure.cpp).
  double scale = x[n];
  std::array<std::function<double(double)>, 4> stages{
      [scale](double t) { return scale * t; },
      [](double t) { return std::sin(t) + t; },
      [&x](double t) { return t * x[0]; },
      [scale](double t) { return std::log1p(t * t) * scale; },
  };
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double t = x[i];
    for (const auto &f : stages) t = f(t);
    s += t;
  }
  // Recursion through a generic lambda that takes itself.
  auto fib_weighted = [&x](auto &self, int k) -> double {
    return k < 2 ? x[k] : 0.5 * self(self, k - 1) + 0.25 * self(self, k - 2);
  };
  return s + fib_weighted(fib_weighted, 5);
}

static double F_fun(double *p) { return functional(p); }
static double F_pipe(double *x) { return pipeline(x, 4); }

int main() {
  double p[5] = {1.3, 0.4, 0.7, 2.1, -0.3}, dp[5] = {0}, vp[5] = {0.5, -1.0, 0.25, 0.75, 2.0};
  double one = 1.0;
  __enzyme_autodiff((void *)functional, enzyme_dup, p, dp);
  ck_gradient("lambdas and integrate<F>", dp, F_fun, p, 5);
  double jv = __enzyme_fwddiff((void *)functional, enzyme_dup, p, vp);
  ck_dot_test("lambdas and integrate<F>", &one, &jv, 1, dp, vp, 5);

  double x[5] = {0.3, 0.8, -0.5, 1.1, 1.7}, dx[5] = {0}, vx[5] = {1.0, -0.5, 0.3, 0.2, -1.5};
  __enzyme_autodiff((void *)pipeline, enzyme_dup, x, dx, enzyme_const, 4);
  ck_gradient("std::function pipeline", dx, F_pipe, x, 5);
  double jv2 = __enzyme_fwddiff((void *)pipeline, enzyme_dup, x, vx, enzyme_const, 4);
  ck_dot_test("std::function pipeline", &one, &jv2, 1, dx, vx, 5);
  return ck_done();
}
