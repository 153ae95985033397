/* The 2-D Brusselator's right-hand side on an N×N periodic grid, shared by brusselator.c
 * (forward mode) and ode_grad.c (reverse mode): du = α(N−1)²Δu + B + u²v − (A+1)u + forcing,
 * dv = α(N−1)²Δv + Au − u²v. `forcing` is called with the cell and the time; it is a constant
 * function in both kernels, so -O3 inlines it. */
#ifndef CATALASE_BENCH_BRUSSELATOR_H
#define CATALASE_BENCH_BRUSSELATOR_H

#include <math.h>

static inline void brusselator_rhs(int n, double A, double B, double alpha, const double *u, const double *v,
                                   double *du, double *dv, double t, double (*forcing)(int, int, double)) {
  const double a = alpha * (double)(n - 1) * (double)(n - 1);
  for (int i = 0; i < n; i++) {
    int ip = i == n - 1 ? 0 : i + 1, im = i == 0 ? n - 1 : i - 1;
    for (int j = 0; j < n; j++) {
      int jp = j == n - 1 ? 0 : j + 1, jm = j == 0 ? n - 1 : j - 1;
      double uij = u[i * n + j], vij = v[i * n + j];
      double lu = u[im * n + j] + u[ip * n + j] + u[i * n + jp] + u[i * n + jm] - 4.0 * uij;
      double lv = v[im * n + j] + v[ip * n + j] + v[i * n + jp] + v[i * n + jm] - 4.0 * vij;
      du[i * n + j] = a * lu + B + uij * uij * vij - (A + 1.0) * uij + forcing(i, j, t);
      dv[i * n + j] = a * lv + A * uij - uij * uij * vij;
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
