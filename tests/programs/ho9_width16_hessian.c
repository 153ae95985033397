// TEST: the full 16x16 Hessian in one call: __enzyme_fwddiff at enzyme_width 16 of a gradient made by __enzyme_autodiff of a function with heap scratch (malloc'd per call, so the shadows and the tangents of the shadows are allocated per lane), every entry against finite differences of the gradient
#include "include/ck_array.h"
void __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);
#define N 16
__attribute__((noinline)) double f(const double *x) {
  double *t = malloc(N * sizeof(double));
  for (int i = 0; i < N; i++) t[i] = tanh(x[i] + 0.3 * x[(i + 3) % N]);
  double s = 0;
  for (int i = 0; i < N; i++) s += t[i] * t[(i + 1) % N] * (1.0 + 0.1 * i);
  free(t);
  return s;
}
__attribute__((noinline)) void grad(const double *x, double *g) {
  for (int i = 0; i < N; i++) g[i] = 0.0;
  __enzyme_autodiff((void *)f, enzyme_dup, x, g);
}
int main(void) {
  double x[N], g[N], E[N][N], H[N][N];
  for (int i = 0; i < N; i++) { x[i] = 0.5 * sin(i + 0.3); for (int j = 0; j < N; j++) E[i][j] = i == j; }
#define L(a) a[0],a[1],a[2],a[3],a[4],a[5],a[6],a[7],a[8],a[9],a[10],a[11],a[12],a[13],a[14],a[15]
  double *Ep[N], *Hp[N];
  for (int i = 0; i < N; i++) Ep[i] = E[i], Hp[i] = H[i];
  __enzyme_fwddiff((void *)grad, enzyme_width, 16, enzyme_dup, x, L(Ep), enzyme_dup, g, L(Hp));
  for (int j = 0; j < N; j++) for (int i = 0; i < N; i++) {
    double xp[N], xm[N], gp[N], gm[N]; memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
    double h = ck_step(x[j]); xp[j] += h; xm[j] -= h; grad(xp, gp); grad(xm, gm);
    CHECK("w16 H", H[j][i], (gp[i]-gm[i])/(2*h));
  }
  return ck_done();
}
