// TEST: reverse mode through ODE integrators written with helper functions (the right-hand side, an axpy and the step are separate functions over arrays): a Lotka-Volterra system by Euler and by RK4 over 300 steps, gradient of the final state in the initial state and the parameters (enzyme_dup parameter array)
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);

#define DIM 2

static void rhs(const double *u, const double *p, double *du) {
  du[0] = p[0] * u[0] - p[1] * u[0] * u[1];
  du[1] = p[2] * u[0] * u[1] - p[3] * u[1];
}
static void axpy(double *y, double a, const double *x, const double *base) {
  for (int i = 0; i < DIM; i++) y[i] = base[i] + a * x[i];
}
static void rk4_step(double *u, const double *p, double h) {
  double k1[DIM], k2[DIM], k3[DIM], k4[DIM], t[DIM];
  rhs(u, p, k1);
  axpy(t, 0.5 * h, k1, u);
  rhs(t, p, k2);
  axpy(t, 0.5 * h, k2, u);
  rhs(t, p, k3);
  axpy(t, h, k3, u);
  rhs(t, p, k4);
  for (int i = 0; i < DIM; i++) u[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
}
static void euler_step(double *u, const double *p, double h) {
  double du[DIM];
  rhs(u, p, du);
  axpy(u, h, du, u);
}
static void integrate(double *u, const double *p, int steps, int method) {
  for (int s = 0; s < steps; s++) {
    if (method) rk4_step(u, p, 0.01);
    else euler_step(u, p, 0.01);
  }
}

static const double W[DIM] = {0.7, -1.3};
static double U0[DIM] = {1.2, 0.8}, P0[4] = {1.1, 0.4, 0.3, 0.9};
static int METHOD;
static double F_u(double *u0) {
  double u[DIM] = {u0[0], u0[1]};
  integrate(u, P0, 300, METHOD);
  return ck_dot(W, u, DIM);
}
static double F_p(double *p) {
  double u[DIM] = {U0[0], U0[1]};
  integrate(u, p, 300, METHOD);
  return ck_dot(W, u, DIM);
}

int main(void) {
  for (METHOD = 0; METHOD < 2; METHOD++) {
    double u[DIM] = {U0[0], U0[1]}, du[DIM] = {W[0], W[1]}, dp[4] = {0};
    __enzyme_autodiff((void *)integrate, enzyme_dup, u, du, enzyme_dup, P0, dp, enzyme_const, 300, enzyme_const, METHOD);
    ck_gradient(METHOD ? "Lotka-Volterra RK4: d/du0" : "Lotka-Volterra Euler: d/du0", du, F_u, U0, DIM);
    ck_gradient(METHOD ? "Lotka-Volterra RK4: d/dp" : "Lotka-Volterra Euler: d/dp", dp, F_p, P0, 4);
  }
  return ck_done();
}
