// TEST: reverse mode through an explicit 1-D heat-equation stencil over many time steps, ping-ponging between two heap buffers (each step overwrites the older one), with a nonlinear source term: gradient of a weighted final state in the initial state and the diffusivity
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define N 12
#define STEPS 150

static double heat(const double *u0, double kappa, int n, int steps) {
  double *a = malloc(sizeof(double) * n), *b = malloc(sizeof(double) * n);
  for (int i = 0; i < n; i++) a[i] = u0[i];
  for (int s = 0; s < steps; s++) {
    b[0] = a[0] + kappa * (a[1] - 2.0 * a[0]);
    for (int i = 1; i < n - 1; i++) b[i] = a[i] + kappa * (a[i - 1] - 2.0 * a[i] + a[i + 1]) + 0.001 * sin(a[i]);
    b[n - 1] = a[n - 1] + kappa * (a[n - 2] - 2.0 * a[n - 1]);
    double *t = a;
    a = b;
    b = t;
  }
  double r = 0.0;
  for (int i = 0; i < n; i++) r += (i + 1) * a[i] * a[i];
  free(a);
  free(b);
  return r;
}

static double U0[N], KAPPA = 0.21;
static double F_u(double *u) { return heat(u, KAPPA, N, STEPS); }
static double heat_k(double k) { return heat(U0, k, N, STEPS); }

int main(void) {
  for (int i = 0; i < N; i++) U0[i] = exp(-0.3 * (i - 5.5) * (i - 5.5)) + 0.1 * i;
  double du[N] = {0};
  double dk = __enzyme_autodiff((void *)heat, enzyme_dup, U0, du, KAPPA, enzyme_const, N, enzyme_const, STEPS);
  ck_gradient("heat stencil: d/du0", du, F_u, U0, N);
  CHECK("heat stencil: d/dkappa", dk, ck_fd1(heat_k, KAPPA));
  return ck_done();
}
