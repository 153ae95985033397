// TEST: in split mode pointer arguments may be overwritten between the calls: the reverse call must take what it needs from the tape, not from the caller's memory; inputs scrambled, input arrays freed and reallocated elsewhere with other contents, an in-place update whose array is reset before the reverse call, a table read through an index array that changes
#include <math.h>
#include <stdlib.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
void *__enzyme_augmentfwd_v(void *, ...);
void __enzyme_reverse_v(void *, ...);

#define N 5

static double gather(const double *x, const int *idx, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += x[idx[i]] * x[idx[(i + 1) % n]] + cos(x[idx[i]]);
  return s;
}

/* In place: x <- smoothed x, several sweeps. */
static void sweep(double *x, int n) {
  for (int k = 0; k < 3; k++)
    for (int i = 1; i < n; i++) x[i] = 0.5 * x[i] + 0.4 * sin(x[i - 1]) * x[i];
}

static const double X0[N] = {0.9, -0.3, 0.4, 1.6, -1.1};
static const int IDX[N] = {3, 0, 4, 1, 2};
static double F_g(double *x) { return gather(x, IDX, N); }
static const double W[N] = {0.2, -0.7, 1.1, 0.5, -0.4};
static double F_s(double *x) { double y[N]; memcpy(y, x, sizeof y); sweep(y, N); return ck_dot(W, y, N); }

int main(void) {
  double xr[N];
  memcpy(xr, X0, sizeof xr);
  {
    double *x = malloc(sizeof X0), *dx = calloc(N, sizeof(double));
    int *idx = malloc(sizeof IDX);
    memcpy(x, X0, sizeof X0);
    memcpy(idx, IDX, sizeof IDX);
    ck_aug a = __enzyme_augmentfwd((void *)gather, enzyme_dup, x, dx, enzyme_const, idx, enzyme_const, N);
    CHECK_PRIMAL("gather: primal", a.primal, F_g(xr));
    for (int i = 0; i < N; i++) { x[i] = 100.0 + i; idx[i] = (i + 2) % N; }
    __enzyme_reverse((void *)gather, enzyme_dup, x, dx, enzyme_const, idx, enzyme_const, N, 1.0, a.tape);
    ck_gradient("gather, inputs and indices scrambled", dx, F_g, xr, N);
    free(x);
    free(dx);
    free(idx);
  }
  {
    double x[N], dx[N] = {0};
    memcpy(x, X0, sizeof x);
    void *t = __enzyme_augmentfwd_v((void *)sweep, enzyme_dup, x, dx, enzyme_const, N);
    double y[N];
    memcpy(y, X0, sizeof y);
    sweep(y, N);
    for (int i = 0; i < N; i++) CHECK_PRIMAL("sweep: primal result in place", x[i], y[i]);
    memcpy(x, X0, sizeof x); /* reset: the reverse must not read the inputs back from x */
    memcpy(dx, W, sizeof dx);
    __enzyme_reverse_v((void *)sweep, enzyme_dup, x, dx, enzyme_const, N, t);
    ck_gradient("<W, sweep(x)>, array reset before the reverse", dx, F_s, xr, N);
  }
  return ck_done();
}
