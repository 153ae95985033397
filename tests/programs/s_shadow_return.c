// TEST: a function returning a pointer in split mode: __enzyme_augmentfwd returns { tape, primal pointer, shadow pointer } (ABI §5), the caller seeds the adjoint of the returned buffer through the shadow pointer, and __enzyme_reverse (no differential return for a pointer result) gives the gradients
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

typedef struct { void *tape; double *primal; double *shadow; } aug_ptr;
aug_ptr __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

#define N 4

__attribute__((noinline)) static double *fill(const double *x, double *buf, double a) {
  for (int i = 0; i < N; i++) buf[i] = a * x[i] * x[(i + 1) % N] + cos(a * x[i]);
  return buf + 1;
}

static const double X0[N] = {0.5, -0.3, 1.2, 0.8};
static const double Wt[N] = {0.9, -1.1, 0.4, 0.6};
static double A = 0.7;
/* The caller seeds the three entries the returned pointer reaches, and entry 0 through buf. */
static double objective(const double *x, double a) {
  double buf[N];
  double *p = fill(x, buf, a);
  return Wt[0] * buf[0] + Wt[1] * p[0] + Wt[2] * p[1] + Wt[3] * p[2];
}
static double F_x(double *x) { return objective(x, A); }
static double F_a(double a) { return objective(X0, a); }

int main(void) {
  double x[N], dx[N] = {0}, buf[N], dbuf[N] = {0};
  memcpy(x, X0, sizeof x);
  aug_ptr r = __enzyme_augmentfwd((void *)fill, enzyme_dup, x, dx, enzyme_dup, buf, dbuf, A);
  CHECK_PRIMAL("returned pointer", r.primal == buf + 1, 1);
  CHECK_PRIMAL("returned shadow pointer", r.shadow == dbuf + 1, 1);
  dbuf[0] = Wt[0];
  for (int i = 0; i < 3; i++) r.shadow[i] = Wt[i + 1];
  double da = __enzyme_reverse((void *)fill, enzyme_dup, x, dx, enzyme_dup, buf, dbuf, A, r.tape);
  double xr[N];
  memcpy(xr, X0, sizeof xr);
  ck_gradient("seeded through the returned shadow", dx, F_x, xr, N);
  CHECK("seeded through the returned shadow: d/da", da, ck_fd1(F_a, A));
  return ck_done();
}
