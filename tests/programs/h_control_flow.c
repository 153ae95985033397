// TEST: control flow in loops: switch inside a loop, goto-built loops, while with break/continue, integer-indexed gathers x[idx[i]]
#include "include/catalase_check.h"

double __enzyme_fwddiff_d(void *, ...);

#define N 10
static const int OPS[N] = {0, 2, 1, 3, 2, 0, 1, 3, 3, 2};
/* Tiny interpreter: an opcode per element chooses the update. */
static double interp(const double *x, const int *ops, int n) {
  double acc = 1.0;
  for (int i = 0; i < n; i++) {
    switch (ops[i]) {
    case 0:
      acc += x[i];
      break;
    case 1:
      acc *= x[i];
      break;
    case 2:
      acc = sin(acc) + x[i] * x[i];
      break;
    default:
      acc = acc / (1.0 + x[i] * x[i]);
      break;
    }
  }
  return acc;
}
/* A loop written with goto, with a nested goto-loop. */
static double gotoloop(const double *x, int n) {
  double s = 0.0;
  int i = 0;
top:
  if (i >= n) goto done;
  {
    int k = 0;
    double p = x[i];
  inner:
    p = p * 0.5 + x[(i + k) % n];
    k++;
    if (k < 3) goto inner;
    s += p * p;
  }
  i++;
  goto top;
done:
  return s;
}
/* while with continue (skip negatives) and break (stop when a running sum passes a bound). */
static double wbc(const double *x, const int *idx, int n) {
  double s = 0.0;
  int i = -1;
  while (1) {
    i++;
    if (i >= n) break;
    double v = x[idx[i]];
    if (v < 0.0) continue;
    s += v * exp(-v);
    if (s > 1.5) break;
  }
  return s + (double)i * 0.01;
}
/* Gather / scatter-free indirect indexing through an integer permutation with repeats. */
static double gather(const double *x, const int *idx, const double *w, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += w[i] * x[idx[i]] * x[idx[(i + 3) % n]];
  return s;
}

static double X[N] = {0.8, -0.3, 1.2, 0.5, -0.9, 0.7, 0.35, -0.2, 1.05, 0.6};
static const int IDX[N] = {2, 2, 7, 0, 9, 4, 4, 1, 8, 3};
static double WG[N] = {0.5, 1.0, -0.3, 0.2, 0.9, -1.1, 0.4, 0.7, -0.6, 0.8};
static double V[N], VWG[N];
static int WHICH;
static double along(double t) {
  double x[N], w[N];
  for (int i = 0; i < N; i++) {
    x[i] = X[i] + t * V[i];
    w[i] = WG[i] + t * VWG[i];
  }
  switch (WHICH) {
  case 0: return interp(x, OPS, N);
  case 1: return gotoloop(x, N);
  case 2: return wbc(x, IDX, N);
  default: return gather(x, IDX, w, N);
  }
}

int main(void) {
  for (int i = 0; i < N; i++) {
    V[i] = sin(0.9 * i + 0.2);
    VWG[i] = 0.1 * (i % 3);
  }
  double dx[N], dw[N];
  for (int i = 0; i < N; i++) {
    dx[i] = V[i];
    dw[i] = VWG[i];
  }
  WHICH = 0;
  CHECK("switch interpreter: d", __enzyme_fwddiff_d((void *)interp, X, dx, enzyme_const, OPS, enzyme_const, N),
        ck_fd1(along, 0.0));
  WHICH = 1;
  CHECK("goto loops: d", __enzyme_fwddiff_d((void *)gotoloop, X, dx, enzyme_const, N), ck_fd1(along, 0.0));
  WHICH = 2;
  CHECK("while break/continue + gather: d",
        __enzyme_fwddiff_d((void *)wbc, X, dx, enzyme_const, IDX, enzyme_const, N), ck_fd1(along, 0.0));
  WHICH = 3;
  CHECK("gather with repeats: d",
        __enzyme_fwddiff_d((void *)gather, X, dx, enzyme_const, IDX, WG, dw, enzyme_const, N),
        ck_fd1(along, 0.0));
  return ck_done();
}
