// TEST: higher order with reverse mode: __enzyme_fwddiff of a function that calls __enzyme_autodiff gives a Hessian-vector product (checked against finite differences of the gradient), and __enzyme_autodiff of a function that calls __enzyme_fwddiff gives the gradient of a directional derivative
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const, enzyme_out, enzyme_dupnoneed;
void __enzyme_autodiff(void *, ...);
double __enzyme_autodiff_d(void *, ...) __asm__("__enzyme_autodiff");
void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...) __asm__("__enzyme_fwddiff");

#define N 3

static double f(const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += x[i] * x[i] * x[(i + 1) % n] + sin(x[i]);
  return s;
}

static void grad(const double *x, double *dx, int n) { __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, n); }

static double V[N] = {1.0, 0.5, -0.2};
static double X0[N] = {0.3, 0.6, -0.4};

/* The directional derivative of f at x along V, by forward mode. */
static double dir(double *x) {
  double d = 0.0;
  double dv[N];
  memcpy(dv, V, sizeof dv);
  d = __enzyme_fwddiff_d((void *)f, enzyme_dup, x, dv, enzyme_const, N);
  return d;
}

static int K;
static double grad_k(double *x) {
  double g[N] = {0};
  grad(x, g, N);
  return g[K];
}

int main(void) {
  double x[N], g[N] = {0}, hv[N] = {0}, v[N];
  memcpy(x, X0, sizeof x);
  memcpy(v, V, sizeof v);
  __enzyme_fwddiff((void *)grad, enzyme_dup, x, v, enzyme_dup, g, hv, enzyme_const, N);
  double h = 1e-5;
  for (K = 0; K < N; K++) {
    double xp[N], xm[N];
    for (int i = 0; i < N; i++) xp[i] = x[i] + h * V[i], xm[i] = x[i] - h * V[i];
    CHECK("Hessian-vector product (forward over reverse)", hv[K], (grad_k(xp) - grad_k(xm)) / (2 * h));
  }
  double dd[N] = {0};
  __enzyme_autodiff((void *)dir, enzyme_dup, x, dd);
  ck_gradient("gradient of a directional derivative (reverse over forward)", dd, dir, x, N);
  return ck_done();
}
