// TEST: reverse and forward mode through templates and lambdas: a CRTP base whose interface calls the derived class's energy (two derived models, one holding a std::array of weights), a function template taking a generic lambda that captures a model by reference and a scale by value, std::accumulate and std::transform over a std::vector with lambdas, a virtual interface on stack objects called through a base reference chosen at run time, and a variadic template summing terms; gradients against finite differences, the dot-product test against forward mode
#include <array>
#include <cmath>
#include <numeric>
#include <algorithm>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 6

template <class Derived>
struct Model {
  double value(const double *x) const { return static_cast<const Derived *>(this)->energy(x) + 0.1 * x[0]; }
};

struct Springs : Model<Springs> {
  double k;
  explicit Springs(double k_) : k(k_) {}
  double energy(const double *x) const {
    double e = 0.0;
    for (int i = 0; i + 1 < N; i++) e += 0.5 * k * (x[i + 1] - x[i]) * (x[i + 1] - x[i]);
    return e;
  }
};

struct Weighted : Model<Weighted> {
  std::array<double, N> w;
  Weighted() { for (int i = 0; i < N; i++) w[i] = 0.3 + 0.1 * i; }
  double energy(const double *x) const {
    double e = 0.0;
    for (int i = 0; i < N; i++) e += w[i] * std::cos(x[i]);
    return e;
  }
};

template <class F>
static double apply_sum(const double *x, F f) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += f(x[i], i);
  return s;
}

template <class... Ts>
static double sum_all(Ts... ts) { return (ts + ... + 0.0); }

struct Shape {
  virtual ~Shape() {}
  virtual double area(double a, double b) const = 0;
};
struct Rect : Shape { double area(double a, double b) const override { return a * b; } };
struct Ellipse : Shape { double area(double a, double b) const override { return M_PI * a * b; } };

static double crtp(const double *x) {
  Springs s(1.5);
  Weighted w;
  const double scale = 0.7;
  auto g = [&w, scale](double xi, int i) { return scale * w.w[i] * xi * xi; };
  return s.value(x) + w.value(x) + apply_sum(x, g);
}

static double algorithms(const double *x) {
  std::vector<double> v(x, x + N), t(N);
  std::transform(v.begin(), v.end(), t.begin(), [](double a) { return std::exp(0.3 * a); });
  double acc = std::accumulate(t.begin(), t.end(), 0.0, [](double s, double a) { return s + a * a; });
  auto generic = [](auto a, auto b) { return a * b + a; };
  return acc + generic(x[1], x[2]) + sum_all(x[0] * x[3], std::sin(x[4]), x[5] * x[5] * x[5]);
}

static double shapes(const double *x) {
  Rect r;
  Ellipse e;
  double s = 0.0;
  for (int i = 0; i + 1 < N; i++) {
    const Shape &sh = (i % 2) ? static_cast<const Shape &>(e) : static_cast<const Shape &>(r);
    s += sh.area(x[i], x[i + 1]);
  }
  return s;
}

static double F_crtp(double *x) { return crtp(x); }
static double F_algorithms(double *x) { return algorithms(x); }
static double F_shapes(double *x) { return shapes(x); }

template <double (*f)(const double *)>
static void check(const char *what, ck_objective F, const double *x0) {
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) {
    x[i] = x0[i];
    v[i] = 0.15 * (i + 1) - 0.4;
  }
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx);
  ck_gradient(what, dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v);
  CHECK(what, ck_dot(dx, v, N), jv);
}

int main() {
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.6};
  check<crtp>("CRTP models, a generic lambda", F_crtp, x0);
  check<algorithms>("transform, accumulate, variadic", F_algorithms, x0);
  check<shapes>("virtual shapes on the stack", F_shapes, x0);
  return ck_done();
}
