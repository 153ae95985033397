// TEST: static globals: const coefficient tables (inactive), mutable static scratch buffers used as workspace, a static accumulator
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...);

#define N 9
static const double COEF[5] = {1.0, -0.5, 0.25, -0.125, 0.0625};
static const int PERM[N] = {3, 0, 7, 1, 8, 2, 5, 4, 6};
static double scratch[N]; /* mutable workspace, overwritten every call */
static double poly_hist[4];

/* Horner polynomial with a const table, evaluated per element into scratch, then a permuted dot. */
static double polydot(const double *x, const double *w, int n) {
  for (int i = 0; i < n; i++) {
    double p = COEF[4];
    for (int k = 3; k >= 0; k--) p = p * x[i] + COEF[k];
    scratch[i] = p;
  }
  double s = 0.0;
  for (int i = 0; i < n; i++) s += scratch[PERM[i]] * w[i];
  return s;
}

/* Scratch carries values between two phases and between loop iterations. */
static void twophase(double *x, int n) {
  for (int i = 0; i < n; i++) scratch[i] = exp(0.3 * x[i]);
  for (int i = 0; i < n; i++) x[i] = scratch[i] * scratch[(i + 1) % n] - scratch[PERM[i]];
  for (int k = 0; k < 4; k++) poly_hist[k] = x[k] * COEF[k];
  x[0] += poly_hist[1] + poly_hist[2] * poly_hist[3];
}

static double X[N], W[N], VX[N], VW[N];
static int WHICH, OUT;
static double along(double t) {
  double x[N], w[N];
  for (int i = 0; i < N; i++) {
    x[i] = X[i] + t * VX[i];
    w[i] = W[i] + t * VW[i];
  }
  if (WHICH == 0) return polydot(x, w, N);
  twophase(x, N);
  return x[OUT];
}

int main(void) {
  for (int i = 0; i < N; i++) {
    X[i] = 0.3 + 0.15 * i;
    W[i] = 1.0 - 0.2 * i;
    VX[i] = cos(0.5 + i);
    VW[i] = 0.3 * sin(1.0 * i);
  }
  double dx[N], dw[N], x[N];
  for (int i = 0; i < N; i++) {
    dx[i] = VX[i];
    dw[i] = VW[i];
    x[i] = X[i];
  }
  WHICH = 0;
  CHECK("polydot: d s", __enzyme_fwddiff_d((void *)polydot, X, dx, W, dw, enzyme_const, N),
        ck_fd1(along, 0.0));
  /* Second call: the scratch buffer now holds stale values from the first. */
  CHECK("polydot again: d s", __enzyme_fwddiff_d((void *)polydot, X, dx, W, dw, enzyme_const, N),
        ck_fd1(along, 0.0));
  WHICH = 1;
  __enzyme_fwddiff((void *)twophase, x, dx, enzyme_const, N);
  char name[48];
  for (OUT = 0; OUT < N; OUT += 2) {
    snprintf(name, sizeof name, "twophase: d x[%d]", OUT);
    CHECK(name, dx[OUT], ck_fd1(along, 0.0));
  }
  return ck_done();
}
