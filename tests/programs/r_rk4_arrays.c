// TEST: reverse mode through RK4 on a system stored in arrays (a chain of coupled nonlinear oscillators) with heap stage buffers k1..k4 and the state overwritten every step, 200 steps: gradient of the final energy in the initial state, and the dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 6 /* 3 positions, 3 velocities */
#define STEPS 200

static double rk4_energy(double *u, int n, int steps) {
  int m = n / 2;
  double h = 0.02;
  double *k = malloc(sizeof(double) * 4 * n), *tmp = malloc(sizeof(double) * n);
  for (int s = 0; s < steps; s++) {
    for (int stage = 0; stage < 4; stage++) {
      double c = stage == 0 ? 0.0 : (stage == 3 ? 1.0 : 0.5);
      for (int i = 0; i < n; i++) tmp[i] = stage == 0 ? u[i] : u[i] + c * h * k[(stage - 1) * n + i];
      double *kk = k + stage * n;
      for (int i = 0; i < m; i++) {
        double left = i > 0 ? tmp[i - 1] : 0.0, right = i < m - 1 ? tmp[i + 1] : 0.0;
        kk[i] = tmp[m + i];
        kk[m + i] = -sin(tmp[i]) + 0.3 * (left - 2.0 * tmp[i] + right);
      }
    }
    for (int i = 0; i < n; i++) u[i] += h / 6.0 * (k[i] + 2.0 * k[n + i] + 2.0 * k[2 * n + i] + k[3 * n + i]);
  }
  double e = 0.0;
  for (int i = 0; i < m; i++) e += 0.5 * u[m + i] * u[m + i] + (1.0 - cos(u[i]));
  free(k);
  free(tmp);
  return e;
}

static double F(double *x) {
  double u[N];
  memcpy(u, x, sizeof u);
  return rk4_energy(u, N, STEPS);
}

int main(void) {
  double x0[N] = {0.4, -0.2, 0.7, 0.1, 0.3, -0.5};
  double u[N], du[N] = {0};
  memcpy(u, x0, sizeof u);
  __enzyme_autodiff((void *)rk4_energy, enzyme_dup, u, du, enzyme_const, N, enzyme_const, STEPS);
  ck_gradient("RK4 chain energy", du, F, x0, N);
  double v[N] = {0.5, 1.0, -0.25, 0.3, -0.8, 0.6}, one = 1.0;
  memcpy(u, x0, sizeof u);
  double tv[N];
  memcpy(tv, v, sizeof tv);
  double jv = __enzyme_fwddiff((void *)rk4_energy, enzyme_dup, u, tv, enzyme_const, N, enzyme_const, STEPS);
  ck_dot_test("RK4 chain energy", &one, &jv, 1, du, v, N);
  return ck_done();
}
