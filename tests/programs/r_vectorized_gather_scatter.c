// TEST: reverse mode through the loop vectorizer's gathers and scatters: with -march=native -ffast-math on a host with AVX2/AVX-512 clang turns x[idx[i]] into llvm.masked.gather (double and float, indices repeating so that lanes share addresses) and y[perm[i]] = ... into llvm.masked.scatter (under assume_safety, perm a permutation) at -O2/-O3; elsewhere the same loops stay scalar. Gradients against finite differences
// CFLAGS: -march=native -ffast-math
// LDFLAGS: -march=native
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);
double __enzyme_autodiff_d(void *, ...);
float __enzyme_autodiff_f(void *, ...);

#define N 37

static int IDX[N], PERM[N];

static double gathered(const double *x, const int *idx, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += x[idx[i]] * x[idx[i]] * x[i];
  return s;
}

static float gathered_f(const float *x, const int *idx, int n) {
  float s = 0.0f;
  for (int i = 0; i < n; i++) s += x[idx[i]] * x[i];
  return s;
}

static void scattered(const double *restrict x, const int *restrict perm, double *restrict y, int n) {
#pragma clang loop vectorize(assume_safety)
  for (int i = 0; i < n; i++) y[perm[i]] = x[i] * x[i] + x[(i + 1) % n];
}

static double X0[N], W[N];
static float XF[N];
static double F_g(double *x) { return gathered(x, IDX, N); }
static double F_gf(double *x) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += x[IDX[i]] * x[i];
  return s;
}
static double F_s(double *x) {
  double y[N];
  scattered(x, PERM, y, N);
  return ck_dot(W, y, N);
}

int main(void) {
  for (int i = 0; i < N; i++) {
    X0[i] = 0.7 * sin(0.37 * i + 0.1) + 0.05 * i;
    XF[i] = (float)X0[i];
    IDX[i] = (i * 7) % 11; /* repeats: lanes of one gather share addresses */
    PERM[i] = (i * 10) % N; /* 10 and 37 are coprime: a permutation */
    W[i] = 0.5 + 0.01 * i;
  }
  double dx[N] = {0};
  __enzyme_autodiff((void *)gathered, enzyme_dup, X0, dx, enzyme_const, IDX, enzyme_const, N);
  ck_gradient("vectorized gather, repeated indices: d/dx", dx, F_g, X0, N);

  float dxf[N] = {0};
  __enzyme_autodiff((void *)gathered_f, enzyme_dup, XF, dxf, enzyme_const, IDX, enzyme_const, N);
  double xd[N];
  for (int i = 0; i < N; i++) xd[i] = XF[i];
  for (int i = 0; i < N; i++) {
    char what[64];
    snprintf(what, sizeof what, "vectorized float gather: d/dx[%d]", i);
    CHECK_F32(what, dxf[i], ck_fd_partial(F_gf, xd, i));
  }

  double ds[N] = {0}, y[N], dy[N];
  memcpy(dy, W, sizeof dy);
  __enzyme_autodiff((void *)scattered, enzyme_dup, X0, ds, enzyme_const, PERM, enzyme_dup, y, dy, enzyme_const, N);
  ck_gradient("vectorized scatter through a permutation: d<w, y>/dx", ds, F_s, X0, N);
  return ck_done();
}
