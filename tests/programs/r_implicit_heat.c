// TEST: reverse mode through implicit (backward Euler) time stepping of the heat equation: each step solves a tridiagonal system with the Thomas algorithm (forward sweep overwriting heap work arrays, back substitution), 40 steps; gradient in the initial temperature and the diffusion number, and the dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 8

static double implicit_heat(const double *u0, double r, int n, int steps) {
  double *u = malloc(sizeof(double) * n), *c = malloc(sizeof(double) * n), *d = malloc(sizeof(double) * n);
  for (int i = 0; i < n; i++) u[i] = u0[i];
  for (int s = 0; s < steps; s++) {
    /* (1 + 2r) u_i - r u_{i-1} - r u_{i+1} = u_i(old) */
    double b = 1.0 + 2.0 * r;
    c[0] = -r / b;
    d[0] = u[0] / b;
    for (int i = 1; i < n; i++) {
      double m = b + r * c[i - 1];
      c[i] = -r / m;
      d[i] = (u[i] + r * d[i - 1]) / m;
    }
    u[n - 1] = d[n - 1];
    for (int i = n - 2; i >= 0; i--) u[i] = d[i] - c[i] * u[i + 1];
  }
  double e = 0.0;
  for (int i = 0; i < n; i++) e += u[i] * u[i] * (1.0 + 0.2 * i);
  free(u);
  free(c);
  free(d);
  return e;
}

static double U0[N], R = 0.8;
static double F_u(double *u) { return implicit_heat(u, R, N, 40); }
static double heat_r(double r) { return implicit_heat(U0, r, N, 40); }

int main(void) {
  for (int i = 0; i < N; i++) U0[i] = sin(0.4 * (i + 1)) + 0.3;
  double du[N] = {0};
  double dr = __enzyme_autodiff((void *)implicit_heat, enzyme_dup, U0, du, R, enzyme_const, N, enzyme_const, 40);
  ck_gradient("implicit heat, Thomas solves: d/du0", du, F_u, U0, N);
  CHECK("implicit heat: d/dr", dr, ck_fd1(heat_r, R));
  double v[N], one = 1.0;
  for (int i = 0; i < N; i++) v[i] = cos(1.3 * i);
  double jv = __enzyme_fwddiff((void *)implicit_heat, enzyme_dup, U0, v, enzyme_const, R, enzyme_const, N, enzyme_const, 40);
  ck_dot_test("implicit heat", &one, &jv, 1, du, v, N);
  return ck_done();
}
