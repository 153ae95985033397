// TEST: reverse and forward mode through code with function-local statics and exceptions that are never thrown on the differentiated path: a static const table of quadrature nodes and weights computed on first use (a thread-safe static initialisation guard: __cxa_guard_acquire/release), a static const std::array<double, 4> of coefficients initialised by a lambda called once, a static call counter incremented on each call, a checked accessor that throws std::out_of_range for a bad index and a validating constructor that throws std::invalid_argument for a negative length, both inside try/catch, with valid arguments; gradients against finite differences, the dot-product test against forward mode
#include <cmath>
#include <array>
#include <stdexcept>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 6

struct Gauss5 {
  double node[5], weight[5];
  Gauss5() {
    const double a = std::sqrt(5.0 - 2.0 * std::sqrt(10.0 / 7.0)) / 3.0, b = std::sqrt(5.0 + 2.0 * std::sqrt(10.0 / 7.0)) / 3.0;
    const double wa = (322.0 + 13.0 * std::sqrt(70.0)) / 900.0, wb = (322.0 - 13.0 * std::sqrt(70.0)) / 900.0;
    double n[5] = {-b, -a, 0.0, a, b}, w[5] = {wb, wa, 128.0 / 225.0, wa, wb};
    for (int i = 0; i < 5; i++) {
      node[i] = n[i];
      weight[i] = w[i];
    }
  }
};

static const Gauss5 &rule() {
  static const Gauss5 g;  /* built on first use */
  return g;
}

static const std::array<double, 4> &coefficients() {
  static const std::array<double, 4> c = [] {
    std::array<double, 4> t{};
    for (int k = 0; k < 4; k++) t[k] = 1.0 / (1.0 + k * k);
    return t;
  }();
  return c;
}

static int calls = 0;

class Segment {
 public:
  Segment(double a, double b, int pieces) : a_(a), b_(b), pieces_(pieces) {
    if (pieces <= 0) throw std::invalid_argument("pieces must be positive");
  }
  double integrate(const double *x) const {
    static long evaluations = 0;  /* a static counter: inactive */
    const Gauss5 &g = rule();
    const std::array<double, 4> &c = coefficients();
    double h = (b_ - a_) / pieces_, s = 0.0;
    for (int p = 0; p < pieces_; p++)
      for (int i = 0; i < 5; i++) {
        double t = a_ + h * (p + 0.5 * (g.node[i] + 1.0));
        double f = 0.0;
        for (size_t k = 0; k < c.size(); k++) f += c[k] * std::cos((k + 1) * x[k] * t);
        s += 0.5 * h * g.weight[i] * f;
        evaluations++;
      }
    calls++;
    return s;
  }

 private:
  double a_, b_;
  int pieces_;
};

static double at_checked(const std::vector<double> &v, size_t i) {
  if (i >= v.size()) throw std::out_of_range("index");
  return v[i];
}

static double integrals(const double *x) {
  double s = 0.0;
  try {
    Segment seg(x[4], 1.0 + x[5] * x[5], 3);
    s += seg.integrate(x);
    std::vector<double> v(x, x + N);
    s += at_checked(v, 2) * at_checked(v, 5);
  } catch (const std::exception &) {
    s = -1.0;
  }
  Segment again(0.0, x[0] + 2.0, 2);
  return s + again.integrate(x + 1);
}

static double F_integrals(double *x) { return integrals(x); }

int main() {
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.55};
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) {
    x[i] = x0[i];
    v[i] = 0.3 * ((i * 4) % 7) - 0.9;
  }
  __enzyme_autodiff((void *)integrals, enzyme_dup, x, dx);
  ck_gradient("static tables and guarded exceptions", dx, F_integrals, x, N);
  double jv = __enzyme_fwddiff((void *)integrals, enzyme_dup, x, v);
  CHECK("static tables and guarded exceptions: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  return ck_done();
}
