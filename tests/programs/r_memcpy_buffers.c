// TEST: reverse mode through memcpy and memmove of active memory (a ring-buffer shift with memmove, a snapshot with memcpy into a heap copy) and memset clearing an accumulator
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define N 6

static double shift_filter(double *hist, int n, double x, int steps) {
  double *snap = malloc(sizeof(double) * n);
  double acc[4];
  memset(acc, 0, sizeof acc);
  for (int s = 0; s < steps; s++) {
    memmove(hist + 1, hist, sizeof(double) * (n - 1));
    hist[0] = x * cos(0.3 * s) + 0.5 * hist[1] * hist[2];
    memcpy(snap, hist, sizeof(double) * n);
    for (int i = 0; i < n; i++) acc[i % 4] += snap[i] * (i + 1) * 0.1;
  }
  free(snap);
  return acc[0] * acc[1] + acc[2] - acc[3] * acc[3];
}

static double H0[N] = {0.2, -0.1, 0.4, 0.3, -0.5, 0.1}, X = 0.7;
static double F_h(double *h) {
  double c[N];
  memcpy(c, h, sizeof c);
  return shift_filter(c, N, X, 9);
}
static double F_x(double x) {
  double c[N];
  memcpy(c, H0, sizeof c);
  return shift_filter(c, N, x, 9);
}

int main(void) {
  double h[N], dh[N] = {0};
  memcpy(h, H0, sizeof h);
  double dx = __enzyme_autodiff((void *)shift_filter, enzyme_dup, h, dh, enzyme_const, N, X, enzyme_const, 9);
  ck_gradient("memmove/memcpy filter: d/dhist", dh, F_h, H0, N);
  CHECK("memmove/memcpy filter: d/dx", dx, ck_fd1(F_x, X));
  return ck_done();
}
