/* The 2-D Brusselator's right-hand side on an N×N periodic grid, shared by brusselator.c
 * (forward mode) and ode_grad.c (reverse mode): du = α(N−1)²Δu + B + u²v − (A+1)u + forcing,
 * dv = α(N−1)²Δv + Au − u²v with p = (A, B, α), where the forcing is `force` inside the disc of radius 0.1 around
 * (0.3, 0.6) and 0 elsewhere. */
#ifndef CATALASE_BENCH_BRUSSELATOR_H
#define CATALASE_BENCH_BRUSSELATOR_H

#include <math.h>

static inline void brusselator_rhs(int n, const double *p, const double *u, const double *v, double *du, double *dv,
                                   double force) {
  const double a = p[2] * (double)(n - 1) * (double)(n - 1);
  for (int i = 0; i < n; i++) {
    int ip = i == n - 1 ? 0 : i + 1, im = i == 0 ? n - 1 : i - 1;
    for (int j = 0; j < n; j++) {
      int jp = j == n - 1 ? 0 : j + 1, jm = j == 0 ? n - 1 : j - 1;
      double uij = u[i * n + j], vij = v[i * n + j];
      double lu = u[im * n + j] + u[ip * n + j] + u[i * n + jp] + u[i * n + jm] - 4.0 * uij;
      double lv = v[im * n + j] + v[ip * n + j] + v[i * n + jp] + v[i * n + jm] - 4.0 * vij;
      double x = (double)i / n, y = (double)j / n;
      int disc = (x - 0.3) * (x - 0.3) + (y - 0.6) * (y - 0.6) <= 0.01;
      double f = a * lu + p[1] + uij * uij * vij - (p[0] + 1.0) * uij;
      du[i * n + j] = force != 0.0 && disc ? f + force : f;
      dv[i * n + j] = a * lv + p[0] * uij - uij * uij * vij;
    }
  }
}

/* The initial state of Enzyme's Brusselator example. */
static inline void brusselator_init(int n, double *u0, double *v0) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      double x = (double)i / n, y = (double)j / n;
      u0[i * n + j] = 22.0 * y * pow(1.0 - y, 1.5);
      v0[i * n + j] = 27.0 * x * pow(1.0 - x, 1.5);
    }
}

#endif
