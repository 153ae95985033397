// TEST: an explicit RK4 integrator in C++ over std::vector<double> state (my own code): a function template taking the right-hand side as a lambda that captures a parameter struct by reference, the stage vectors and the axpy helper as std::vector temporaries, a Lotka-Volterra food chain of three species with its rates as parameters; a raw-pointer wrapper returns the final state; reverse mode seeded with output weights for the gradient of <w, y(T)> with respect to the initial state and the rates (against finite differences), forward mode along a direction and the dot-product test; a second, scalar wrapper (a trajectory loss accumulated in the stepping loop) by reverse mode against finite differences
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
void __enzyme_autodiff(void *, ...);
double __enzyme_autodiff_d(void *, ...) __asm__("__enzyme_autodiff");
void __enzyme_fwddiff(void *, ...);
}

#define NS 3
#define NPAR 6
#define NIN (NS + NPAR)
#define STEPS 20

struct Rates {
  std::vector<double> k;
  double rate(int i) const { return k[i]; }
};

static void axpy(std::vector<double> &out, const std::vector<double> &y, double a, const std::vector<double> &x) {
  for (size_t i = 0; i < y.size(); i++) out[i] = y[i] + a * x[i];
}

template <typename F> static void rk4_step(F &&f, std::vector<double> &y, double h) {
  const size_t n = y.size();
  std::vector<double> k1(n), k2(n), k3(n), k4(n), tmp(n);
  f(y, k1);
  axpy(tmp, y, 0.5 * h, k1);
  f(tmp, k2);
  axpy(tmp, y, 0.5 * h, k2);
  f(tmp, k3);
  axpy(tmp, y, h, k3);
  f(tmp, k4);
  for (size_t i = 0; i < n; i++) y[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
}

static auto make_rhs(const Rates &r) {
  return [&r](const std::vector<double> &y, std::vector<double> &dy) {
    dy[0] = y[0] * (r.rate(0) - r.rate(1) * y[1]);
    dy[1] = y[1] * (-r.rate(2) + r.rate(1) * y[0] - r.rate(3) * y[2]);
    dy[2] = y[2] * (-r.rate(4) + r.rate(5) * y[1]);
  };
}

__attribute__((noinline)) static void integrate(const double *y0, const double *k, int n, int steps, double h,
                                                double *yT) {
  Rates r{std::vector<double>(k, k + NPAR)};
  std::vector<double> y(y0, y0 + n);
  auto rhs = make_rhs(r);
  for (int s = 0; s < steps; s++) rk4_step(rhs, y, h);
  for (int i = 0; i < n; i++) yT[i] = y[i];
}

__attribute__((noinline)) static double trajectory_loss(const double *y0, const double *k, int n, int steps,
                                                        double h) {
  Rates r{std::vector<double>(k, k + NPAR)};
  std::vector<double> y(y0, y0 + n);
  auto rhs = make_rhs(r);
  double loss = 0.0;
  for (int s = 0; s < steps; s++) {
    rk4_step(rhs, y, h);
    for (int i = 0; i < n; i++) {
      double target = 1.0 + 0.3 * std::sin(0.2 * s + i);
      loss += (y[i] - target) * (y[i] - target);
    }
  }
  return loss / steps;
}

static const double WOUT[NS] = {0.8, -1.2, 0.5};
static const double H = 0.05;

static double F_final(double *in) {
  double yT[NS];
  integrate(in, in + NS, NS, STEPS, H, yT);
  return ck_dot(WOUT, yT, NS);
}

static double F_traj(double *in) { return trajectory_loss(in, in + NS, NS, STEPS, H); }

int main() {
  double in[NIN] = {1.1, 0.7, 0.5, 1.0, 0.6, 0.4, 0.3, 0.5, 0.35};
  double din[NIN] = {0}, yT[NS], dyT[NS], v[NIN], jv[NS];
  for (int i = 0; i < NS; i++) dyT[i] = WOUT[i];
  __enzyme_autodiff((void *)integrate, enzyme_dup, in, din, enzyme_dup, in + NS, din + NS, enzyme_const, NS,
                    enzyme_const, STEPS, enzyme_const, H, enzyme_dupnoneed, yT, dyT);
  ck_gradient("rk4 final state <w, y(T)>", din, F_final, in, NIN);
  for (int i = 0; i < NIN; i++) v[i] = 0.15 * ((i * 4) % 7) - 0.4;
  __enzyme_fwddiff((void *)integrate, enzyme_dup, in, v, enzyme_dup, in + NS, v + NS, enzyme_const, NS, enzyme_const,
                   STEPS, enzyme_const, H, enzyme_dup, yT, jv);
  ck_dot_test("rk4 final state", WOUT, jv, NS, din, v, NIN);

  double dtr[NIN] = {0};
  __enzyme_autodiff_d((void *)trajectory_loss, enzyme_dup, in, dtr, enzyme_dup, in + NS, dtr + NS, enzyme_const, NS,
                      enzyme_const, STEPS, enzyme_const, H);
  ck_gradient("rk4 trajectory loss", dtr, F_traj, in, NIN);
  return ck_done();
}
