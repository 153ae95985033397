// TEST: enzyme_nofree: the same tape reversed several times (different differential returns, the gradients accumulate into the same shadows and each returned gradient scales with its seed), then a last reverse call without enzyme_nofree frees the tape and the shadow allocations; the function keeps heap scratch and a local array whose shadows the reverse calls share
#include <math.h>
#include <stdlib.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

#define N 4

__attribute__((noinline)) static double smooth(double *x, int n, double k) {
  double *t = malloc(n * sizeof(double));
  double loc[N];
  for (int i = 0; i < n; i++) t[i] = tanh(k * x[i]);
  for (int i = 0; i < n; i++) loc[i] = t[i] * t[(i + 1) % n];
  double s = 0.0;
  for (int i = 0; i < n; i++) s += loc[i] + 0.5 * x[i] * t[i];
  free(t);
  return s;
}

static const double X0[N] = {0.2, -0.5, 0.9, 1.3};
static double K = 1.7;
static double F_x(double *x) { return smooth(x, N, K); }
static double F_k(double k) { double x[N]; memcpy(x, X0, sizeof x); return smooth(x, N, k); }

int main(void) {
  double x[N], dx[N] = {0}, xr[N];
  memcpy(x, X0, sizeof x);
  memcpy(xr, X0, sizeof xr);
  ck_aug r = __enzyme_augmentfwd((void *)smooth, enzyme_dup, x, dx, enzyme_const, N, K);
  CHECK_PRIMAL("smooth: primal", r.primal, F_x(xr));
  double fd[N];
  for (int i = 0; i < N; i++) fd[i] = ck_fd_partial(F_x, xr, i);
  double fk = ck_fd1(F_k, K);
  double seeds[3] = {1.0, -2.0, 0.5};
  double total = 0.0;
  for (int pass = 0; pass < 3; pass++) {
    double dk = pass < 2 ? __enzyme_reverse((void *)smooth, enzyme_nofree, enzyme_dup, x, dx, enzyme_const, N, K, seeds[pass], r.tape)
                         : __enzyme_reverse((void *)smooth, enzyme_dup, x, dx, enzyme_const, N, K, seeds[pass], r.tape);
    total += seeds[pass];
    char label[64];
    snprintf(label, sizeof label, "reverse %d: d/dk with seed %g", pass, seeds[pass]);
    CHECK(label, dk, seeds[pass] * fk);
    for (int i = 0; i < N; i++) {
      snprintf(label, sizeof label, "reverse %d: accumulated d/dx[%d]", pass, i);
      CHECK(label, dx[i], total * fd[i]);
    }
  }
  return ck_done();
}
