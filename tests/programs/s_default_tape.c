// TEST: split mode with the default tape: __enzyme_augmentfwd runs the primal and returns { tape, primal }, __enzyme_reverse takes the same arguments, the differential return and the tape, and returns the gradients of the enzyme_out arguments; arrays through enzyme_dup, loops, libm, a differential return other than 1
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

ck_aug __enzyme_augmentfwd(void *, ...);
typedef struct { double da, db; } grads2;
grads2 __enzyme_reverse(void *, ...);
double __enzyme_reverse_d(void *, ...);

#define N 5

static double energy(double *x, int n, double a, double b) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a * sin(x[i]) * x[i] + b * exp(-x[i] * x[i]);
  return s * s / (1.0 + b * b);
}

static const double X0[N] = {0.3, -0.7, 1.1, 0.25, -1.4};
static double A = 0.8, B = -0.6;

static double F_x(double *x) { return energy(x, N, A, B); }
static double F_a(double a) { double x[N]; memcpy(x, X0, sizeof x); return energy(x, N, a, B); }
static double F_b(double b) { double x[N]; memcpy(x, X0, sizeof x); return energy(x, N, A, b); }

static double scalar(double u, double v) { return log(1.0 + u * u) * cos(v) + u / (2.0 + v * v); }
static double S_u(double u) { return scalar(u, 0.9); }

int main(void) {
  double x[N], dx[N] = {0};
  memcpy(x, X0, sizeof x);
  ck_aug r = __enzyme_augmentfwd((void *)energy, enzyme_dup, x, dx, enzyme_const, N, A, B);
  double xr[N];
  memcpy(xr, X0, sizeof xr);
  CHECK_PRIMAL("energy: primal from the augmented call", r.primal, F_x(xr));
  double seed = 2.5;
  grads2 g = __enzyme_reverse((void *)energy, enzyme_dup, x, dx, enzyme_const, N, A, B, seed, r.tape);
  for (int i = 0; i < N; i++) dx[i] /= seed;
  ck_gradient("energy, seed 2.5 (scaled back)", dx, F_x, xr, N);
  CHECK("energy: d/da", g.da / seed, ck_fd1(F_a, A));
  CHECK("energy: d/db", g.db / seed, ck_fd1(F_b, B));

  double pts[3] = {0.4, -1.2, 2.0};
  for (int i = 0; i < 3; i++) {
    ck_aug s = __enzyme_augmentfwd((void *)scalar, pts[i], enzyme_const, 0.9);
    CHECK_PRIMAL("scalar: primal", s.primal, scalar(pts[i], 0.9));
    double du = __enzyme_reverse_d((void *)scalar, pts[i], enzyme_const, 0.9, 1.0, s.tape);
    CHECK("scalar: d/du", du, ck_fd1(S_u, pts[i]));
  }
  return ck_done();
}
