// TEST: reverse mode through a 2-D gravitational N-body simulation written with helper functions (pairwise acceleration, a kick and a drift over heap arrays), 120 leapfrog steps, gradient of the final total energy in the initial positions and velocities
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);

#define NB 3

static void accel(const double *q, double *a, int nb) {
  for (int i = 0; i < 2 * nb; i++) a[i] = 0.0;
  for (int i = 0; i < nb; i++)
    for (int j = 0; j < nb; j++) {
      if (i == j) continue;
      double dx = q[2 * j] - q[2 * i], dy = q[2 * j + 1] - q[2 * i + 1];
      double r2 = dx * dx + dy * dy + 0.01, inv = 1.0 / (r2 * sqrt(r2));
      a[2 * i] += dx * inv;
      a[2 * i + 1] += dy * inv;
    }
}
static void kick(double *v, const double *a, double h, int n) {
  for (int i = 0; i < n; i++) v[i] += h * a[i];
}
static void drift(double *q, const double *v, double h, int n) {
  for (int i = 0; i < n; i++) q[i] += h * v[i];
}
static double energy(const double *q, const double *v, int nb) {
  double e = 0.0;
  for (int i = 0; i < 2 * nb; i++) e += 0.5 * v[i] * v[i];
  for (int i = 0; i < nb; i++)
    for (int j = i + 1; j < nb; j++) {
      double dx = q[2 * j] - q[2 * i], dy = q[2 * j + 1] - q[2 * i + 1];
      e -= 1.0 / sqrt(dx * dx + dy * dy + 0.01);
    }
  return e;
}
static void simulate(double *q, double *v, int nb, int steps, double *e) {
  double *a = malloc(sizeof(double) * 2 * nb);
  double h = 0.005;
  accel(q, a, nb);
  for (int s = 0; s < steps; s++) {
    kick(v, a, 0.5 * h, 2 * nb);
    drift(q, v, h, 2 * nb);
    accel(q, a, nb);
    kick(v, a, 0.5 * h, 2 * nb);
  }
  *e = energy(q, v, nb) + q[0] * 0.3;
  free(a);
}

static double S0[4 * NB] = {1.0, 0.0, -0.5, 0.8, -0.4, -0.9, 0.0, 0.6, -0.5, -0.2, 0.45, -0.3};
static double F(double *s) {
  double q[2 * NB], v[2 * NB], e;
  memcpy(q, s, sizeof q);
  memcpy(v, s + 2 * NB, sizeof v);
  simulate(q, v, NB, 120, &e);
  return e;
}

int main(void) {
  double q[2 * NB], v[2 * NB], dq[2 * NB] = {0}, dv[2 * NB] = {0}, e, de = 1.0;
  memcpy(q, S0, sizeof q);
  memcpy(v, S0 + 2 * NB, sizeof v);
  __enzyme_autodiff((void *)simulate, enzyme_dup, q, dq, enzyme_dup, v, dv, enzyme_const, NB, enzyme_const, 120, enzyme_dup, &e, &de);
  double grad[4 * NB];
  memcpy(grad, dq, sizeof dq);
  memcpy(grad + 2 * NB, dv, sizeof dv);
  ck_gradient("N-body leapfrog energy", grad, F, S0, 4 * NB);
  return ck_done();
}
