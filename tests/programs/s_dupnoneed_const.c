// TEST: split mode with every argument kind: enzyme_dupnoneed outputs (the primal result through them not needed), enzyme_const pointers and integers, enzyme_out scalars, pointers with default activity (duplicated), two gradients returned as a struct in parameter order
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

void *__enzyme_augmentfwd(void *, ...);
typedef struct { double da, dc; } grads;
grads __enzyme_reverse(void *, ...);

#define N 4

/* out[i] = a * x[i]^2 * w[i] + c * sin(x[i]); w is data, n is a size. */
static void model(double a, const double *x, const double *w, double *out, int n, double c) {
  for (int i = 0; i < n; i++) out[i] = a * x[i] * x[i] * w[i] + c * sin(x[i]);
}

static const double X0[N] = {0.4, -0.9, 1.3, 0.2};
static const double Wt[N] = {1.0, 0.5, -0.3, 2.0};
static const double S[N] = {0.7, -0.2, 0.4, 1.1};
static double A = 1.2, C = -0.8;
static double objective(const double *x, double a, double c) {
  double o[N];
  model(a, x, Wt, o, N, c);
  return ck_dot(S, o, N);
}
static double F_x(double *x) { return objective(x, A, C); }
static double F_a(double a) { return objective(X0, a, C); }
static double F_c(double c) { return objective(X0, A, c); }

int main(void) {
  double x[N], dx[N] = {0}, out[N], dout[N] = {0}, w[N];
  memcpy(x, X0, sizeof x);
  memcpy(w, Wt, sizeof w);
  void *t = __enzyme_augmentfwd((void *)model, A, x, dx, enzyme_const, w, enzyme_dupnoneed, out, dout, enzyme_const, N, C);
  memcpy(dout, S, sizeof dout);
  grads g = __enzyme_reverse((void *)model, A, x, dx, enzyme_const, w, enzyme_dupnoneed, out, dout, enzyme_const, N, C, t);
  double xr[N];
  memcpy(xr, X0, sizeof xr);
  ck_gradient("<S, model(x)>", dx, F_x, xr, N);
  CHECK("<S, model>: d/da", g.da, ck_fd1(F_a, A));
  CHECK("<S, model>: d/dc", g.dc, ck_fd1(F_c, C));
  return ck_done();
}
