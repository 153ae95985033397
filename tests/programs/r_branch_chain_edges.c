// TEST: reverse mode through join blocks inside a loop whose entering edge the reverse sweep tells from a chain of branches (the block that ran, then its branch) instead of keeping it: a join entered after an inner loop where k * 3 > 4 or from the block after it (told by the chain k > 0, k * 3 > 4), and one where the second condition divides by a count that is zero on some rows (11 / k, computed only where k != 0): the reverse sweep must not divide where that block did not run, so it keeps that edge; gradients against finite differences at three sizes, and a dot-product test with forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NMAX 23

__attribute__((noinline)) static double rows(const double *x, const double *w, const int *cnt, int n) {
  double acc[NMAX];
  double s = 0.0;
  for (int r = 0; r < n; r++) acc[r] = w[r];
  for (int c = 0; c < n; c++) {
    double xc = x[c];
    for (int r = c + 1; r < n; r++) acc[r] += w[(r * 7 + c) % NMAX] * xc;
    double t = xc;
    int k = cnt[c];
    if (k != 0) {
      int q = 11 / k;
      for (int j = 0; j < 4; j++) t = 0.5 * t + sin(t * w[j]);
      if (q > 2) goto join;
    }
    t = t * t * w[c];
  join:
    if (k > 0) {
      for (int j = 0; j < 3; j++) t = 0.9 * t + cos(t * w[j + 5]);
      if (k * 3 > 4) goto join2;
    }
    t = t + w[c] * t;
  join2:
    s += t * acc[c];
  }
  for (int r = 0; r < n; r++) s += acc[r] * acc[r] * 0.1;
  return s;
}

static double X[NMAX], W[NMAX];
static int CNT[NMAX], N;
static double F_x(double *x) { return rows(x, W, CNT, N); }
static double F_w(double *w) { return rows(X, w, CNT, N); }

static void check_at(int n) {
  char what[64];
  N = n;
  double gx[NMAX] = {0}, gw[NMAX] = {0}, vx[NMAX], vw[NMAX];
  __enzyme_autodiff((void *)rows, enzyme_dup, X, gx, enzyme_dup, W, gw, enzyme_const, CNT, enzyme_const, n);
  snprintf(what, sizeof what, "rows n=%d: x", n);
  ck_gradient(what, gx, F_x, X, n);
  snprintf(what, sizeof what, "rows n=%d: w", n);
  ck_gradient(what, gw, F_w, W, NMAX);
  for (int i = 0; i < NMAX; i++) vx[i] = 0.3 - 0.05 * i, vw[i] = 0.02 * (i % 7) - 0.04;
  double jv = __enzyme_fwddiff((void *)rows, enzyme_dup, X, vx, enzyme_dup, W, vw, enzyme_const, CNT, enzyme_const, n);
  snprintf(what, sizeof what, "rows n=%d: <g, v> over x and w", n);
  CHECK(what, ck_dot(gx, vx, n) + ck_dot(gw, vw, NMAX), jv);
}

int main(void) {
  for (int i = 0; i < NMAX; i++) {
    X[i] = 0.4 + 0.11 * i - 0.01 * i * i;
    W[i] = 0.9 - 0.013 * i + 0.05 * (i % 3);
    CNT[i] = (i * 5) % 7 - 3; /* zero, negative, 1, 2, 3 (11/k > 2 for k = 1..3) */
  }
  check_at(NMAX);
  check_at(3);
  check_at(9);
  return ck_done();
}
