// TEST: AVX-512 scatters from the loop vectorizer: y[idx[i]] = ... with repeated indices (the last lane wins, in the shadow too), a gather feeding a scatter, a conditional (masked) scatter, and a scatter through pointers that may be active or not (guarded)
// CFLAGS: -march=x86-64-v4
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

#define N 47
#define M 31
/* Each kernel scatters into a local y[] that a scalar loop then sums in order. */
static double total(const double *y) {
  double s = 0.0;
  for (int i = 0; i < M; i++) s += y[i] * (1.0 + 0.02 * i);
  return s;
}
/* Repeated indices: later iterations overwrite earlier ones. */
static double scat(const double *restrict x, const int *restrict idx, int n) {
  double y[M];
  for (int i = 0; i < M; i++) y[i] = 0.25 * i;
  for (int i = 0; i < n; i++) y[idx[i]] = x[i] * x[i] + 1.0;
  return total(y);
}
/* A gather feeding a scatter. */
static double gscat(const double *restrict x, const int *restrict idx, const int *restrict jdx, int n) {
  double y[M];
  for (int i = 0; i < M; i++) y[i] = 0.5;
  for (int i = 0; i < n; i++) y[idx[i]] = x[jdx[i]] * x[i];
  return total(y);
}
/* Only where x[i] > 0: a scatter under a mask. */
static double scond(const double *restrict x, const int *restrict idx, int n) {
  double y[M];
  for (int i = 0; i < M; i++) y[i] = 1.0;
  for (int i = 0; i < n; i++)
    if (x[i] > 0.0) y[idx[i]] = x[i] * 3.0;
  return total(y);
}
/* Every third lane writes to c (no shadow), the others to y: the shadow pointers of the c
 * lanes stand in as their primal, so their tangents go to scratch memory. */
static double smix(const double *restrict x, double *restrict c, const int *restrict idx, int n) {
  double y[M];
  for (int i = 0; i < M; i++) y[i] = 0.0;
  for (int i = 0; i < n; i++) {
    double *dst = (i % 3 == 0) ? c : y;
    dst[idx[i]] = x[i] * x[i];
  }
  return total(y) + 0.0 * c[0];
}

static double X[N], V[N];
static int IDX[N], JDX[N];
static int WHICH;
static double along(double t) {
  double x[N], c[M];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  for (int i = 0; i < M; i++) c[i] = 0.0;
  switch (WHICH) {
  case 0: return scat(x, IDX, N);
  case 1: return gscat(x, IDX, JDX, N);
  case 2: return scond(x, IDX, N);
  default: return smix(x, c, IDX, N);
  }
}

int main(void) {
  double c[M];
  for (int i = 0; i < N; i++) {
    X[i] = sin(0.41 * i) + 0.1;
    V[i] = cos(0.7 * i);
    IDX[i] = (i * 13 + 3) % M; /* 47 writes into 31 slots: some repeat */
    JDX[i] = (i * 5 + 2) % N;
  }
  for (int i = 0; i < M; i++) c[i] = 0.0;
  WHICH = 0;
  CHECK("scatter, repeated indices: d", __enzyme_fwddiff((void *)scat, X, V, enzyme_const, IDX, enzyme_const, N),
        ck_fd1(along, 0.0));
  WHICH = 1;
  CHECK("gather then scatter: d",
        __enzyme_fwddiff((void *)gscat, X, V, enzyme_const, IDX, enzyme_const, JDX, enzyme_const, N),
        ck_fd1(along, 0.0));
  WHICH = 2;
  CHECK("masked scatter (x > 0): d", __enzyme_fwddiff((void *)scond, X, V, enzyme_const, IDX, enzyme_const, N),
        ck_fd1(along, 0.0));
  WHICH = 3;
  CHECK("scatter, active or inactive lanes: d",
        __enzyme_fwddiff((void *)smix, X, V, enzyme_const, c, enzyme_const, IDX, enzyme_const, N),
        ck_fd1(along, 0.0));
  /* The guarded lanes' tangents went to scratch, not over the primal values in c. */
  double want[M], csum = 0.0, wsum = 0.0;
  for (int i = 0; i < M; i++) want[i] = 0.0;
  smix(X, want, IDX, N);
  for (int i = 0; i < M; i++) {
    csum += c[i] * (1.0 + i);
    wsum += want[i] * (1.0 + i);
  }
  CHECK_PRIMAL("scatter into c keeps primal values", csum, wsum);
  return ck_done();
}
