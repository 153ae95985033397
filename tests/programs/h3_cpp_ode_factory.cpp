// TEST: reverse and forward mode through a templated integrator library: RK4<State, Rhs> over std::array<double, N> with the state arithmetic in overloaded operators, right-hand sides given as a functor class, a capturing lambda and a std::function holding a lambda that captures a pointer, models made by a factory function returning std::unique_ptr<Model> from a switch on an integer kind inside the gradient; gradients of the final state's weighted sum with respect to the initial state and the parameters against finite differences, and the dot-product test
#include <array>
#include <cmath>
#include <functional>
#include <memory>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

template <std::size_t N>
using State = std::array<double, N>;

template <std::size_t N>
State<N> operator+(const State<N> &a, const State<N> &b) {
  State<N> r;
  for (std::size_t i = 0; i < N; i++) r[i] = a[i] + b[i];
  return r;
}
template <std::size_t N>
State<N> operator*(double s, const State<N> &a) {
  State<N> r;
  for (std::size_t i = 0; i < N; i++) r[i] = s * a[i];
  return r;
}

template <class S, class Rhs>
S rk4(S y, double dt, int steps, Rhs &&f) {
  for (int k = 0; k < steps; k++) {
    S k1 = f(y), k2 = f(y + (0.5 * dt) * k1), k3 = f(y + (0.5 * dt) * k2), k4 = f(y + dt * k3);
    y = y + (dt / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
  }
  return y;
}

struct Model {
  virtual ~Model() = default;
  virtual State<2> rhs(const State<2> &y) const = 0;
};
struct Oscillator final : Model {
  double w, zeta;
  Oscillator(double w, double zeta) : w(w), zeta(zeta) {}
  State<2> rhs(const State<2> &y) const override { return {y[1], -w * w * y[0] - 2 * zeta * w * y[1]}; }
};
struct Pendulum final : Model {
  double g;
  explicit Pendulum(double g) : g(g) {}
  State<2> rhs(const State<2> &y) const override { return {y[1], -g * std::sin(y[0])}; }
};
static std::unique_ptr<Model> make_model(int kind, const double *p) {
  switch (kind) {
    case 0: return std::make_unique<Oscillator>(p[0], p[1]);
    default: return std::make_unique<Pendulum>(p[0] * p[0]);
  }
}

struct Decay {  // a functor
  double rate;
  State<2> operator()(const State<2> &y) const { return {-rate * y[0], rate * y[0] - 0.5 * y[1]}; }
};

// x = {y0[0], y0[1], p0, p1}
static double simulate(const double *x, int kind) {
  State<2> y0{x[0], x[1]};
  auto model = make_model(kind, x + 2);
  State<2> a = rk4(y0, 0.05, 20, [&model](const State<2> &y) { return model->rhs(y); });
  State<2> b = rk4(a, 0.05, 10, Decay{x[3] + 1.0});
  const double *p = x + 2;
  std::function<State<2>(const State<2> &)> forced = [p](const State<2> &y) {
    return State<2>{y[1], -y[0] + 0.3 * p[0] * std::cos(y[0])};
  };
  State<2> c = rk4(b, 0.05, 10, forced);
  return 1.5 * c[0] - 0.7 * c[1];
}

static double F0(double *x) { return simulate(x, 0); }
static double F1(double *x) { return simulate(x, 1); }

int main() {
  double x[4] = {0.4, -0.2, 1.3, 0.15}, v[4] = {0.5, 1.0, -0.3, 0.8}, one = 1.0;
  for (int kind = 0; kind < 2; kind++) {
    double dx[4] = {0};
    __enzyme_autodiff((void *)simulate, enzyme_dup, x, dx, enzyme_const, kind);
    ck_gradient(kind == 0 ? "rk4 over a factory model (oscillator)" : "rk4 over a factory model (pendulum)", dx, kind == 0 ? F0 : F1, x, 4);
    double jv = __enzyme_fwddiff((void *)simulate, enzyme_dup, x, v, enzyme_const, kind);
    ck_dot_test(kind == 0 ? "rk4 oscillator" : "rk4 pendulum", &one, &jv, 1, dx, v, 4);
  }
  return ck_done();
}
