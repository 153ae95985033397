// TEST: reverse mode through grid solvers on heap arrays: Jacobi sweeps for a 2-D Poisson problem (two grids swapped every sweep) and a 1-D wave equation by leapfrog over three rotating time levels; gradients in the source term and the initial displacement
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define G 6
#define L 10

static double poisson(const double *f, int sweeps) {
  double *u = calloc(G * G, sizeof(double)), *w = calloc(G * G, sizeof(double));
  for (int s = 0; s < sweeps; s++) {
    for (int i = 1; i < G - 1; i++)
      for (int j = 1; j < G - 1; j++)
        w[i * G + j] = 0.25 * (u[(i - 1) * G + j] + u[(i + 1) * G + j] + u[i * G + j - 1] + u[i * G + j + 1] + f[i * G + j]);
    double *t = u;
    u = w;
    w = t;
  }
  double e = 0.0;
  for (int k = 0; k < G * G; k++) e += u[k] * u[k] + 0.1 * u[k] * f[k];
  free(u);
  free(w);
  return e;
}

static double wave(const double *u0, double c2, int steps) {
  double *prev = malloc(sizeof(double) * L), *cur = malloc(sizeof(double) * L), *next = malloc(sizeof(double) * L);
  for (int i = 0; i < L; i++) prev[i] = cur[i] = u0[i];
  for (int s = 0; s < steps; s++) {
    next[0] = next[L - 1] = 0.0;
    for (int i = 1; i < L - 1; i++) next[i] = 2.0 * cur[i] - prev[i] + c2 * (cur[i - 1] - 2.0 * cur[i] + cur[i + 1]);
    double *t = prev;
    prev = cur;
    cur = next;
    next = t;
  }
  double e = 0.0;
  for (int i = 0; i < L; i++) e += (i + 1) * cur[i] * cur[i];
  free(prev);
  free(cur);
  free(next);
  return e;
}

static double F0[G * G], W0[L], C2 = 0.3;
static double F_f(double *f) { return poisson(f, 30); }
static double F_w(double *u) { return wave(u, C2, 60); }
static double wave_c(double c) { return wave(W0, c, 60); }

int main(void) {
  for (int k = 0; k < G * G; k++) F0[k] = sin(0.7 * k) + 0.5;
  for (int i = 0; i < L; i++) W0[i] = (i == 0 || i == L - 1) ? 0.0 : sin(M_PI * i / (L - 1)) + 0.2 * sin(3.0 * i);
  double df[G * G] = {0};
  __enzyme_autodiff((void *)poisson, enzyme_dup, F0, df, enzyme_const, 30);
  ck_gradient("Poisson by Jacobi sweeps: d/dsource", df, F_f, F0, G * G);
  double dw[L] = {0};
  double dc = __enzyme_autodiff((void *)wave, enzyme_dup, W0, dw, C2, enzyme_const, 60);
  ck_gradient("wave equation leapfrog: d/du0", dw, F_w, W0, L);
  CHECK("wave equation leapfrog: d/dc^2", dc, ck_fd1(wave_c, C2));
  return ck_done();
}
