// TEST: the enzyme_runtime_activity marker (ABI §3.3) in __enzyme_fwddiff and __enzyme_autodiff, first or between parameters, on a kernel whose buffer is an enzyme_const array or an enzyme_dup one chosen at run time (a mixed pointer: its shadow may be the primal standing in), cleared with memset and filled with memcpy from a source that is likewise const or dup: the shadow memset and copy are guarded at run time (a byte count of zero where the shadow is the primal), so the constant arrays keep their primal values, the dup output gets its tangents and adjoints, against finite differences, in both modes and with or without the marker (Catalase always checks; the marker changes nothing). Refused ("may point to active or to inactive memory") before memset and copies were guarded.
#include <math.h>
#include <string.h>
#include "include/ck_array.h"

extern int enzyme_runtime_activity;
double __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);

#define N 4
static volatile int WHICH[2] = {0, 1};

/* buf and src are the constant arrays (a, c) or the duplicated ones (b, x) by `which`. */
static double kern(const double *x, double *a, double *b, const double *c, int which, int n) {
  double *buf = which ? a : b;
  const double *src = which ? c : x;
  memset(buf, 0, n * sizeof *buf);
  memcpy(buf, src, n * sizeof *buf);
  for (int i = 0; i < n; i++) buf[i] += x[i] * x[i];
  double s = 0.0;
  for (int i = 0; i < n; i++) s += sin(x[i]);
  return s;
}

static const double X0[N] = {0.3, -0.5, 0.7, 1.1}, C0[N] = {2.0, 3.0, -1.0, 0.5}, W[N] = {1.5, -0.5, 0.25, 2.0};
static double b_init[N] = {7.0, 8.0, 9.0, 10.0};

/* L(x, b0) = kern + Σ W·b after the call, for finite differences. */
static double loss(const double *x, const double *b0, int which) {
  double a[N], b[N], c[N];
  memcpy(b, b0, sizeof b);
  memcpy(c, C0, sizeof c);
  double s = kern(x, a, b, c, which, N);
  for (int i = 0; i < N; i++) s += W[i] * b[i];
  return s;
}

int main(void) {
  for (int k = 0; k < 2; k++) {
    int which = WHICH[k];
    double x[N], dx[N], a[N], b[N], db[N] = {0}, c[N];
    memcpy(x, X0, sizeof x);
    memcpy(c, C0, sizeof c);
    for (int i = 0; i < N; i++) dx[i] = 1.0 - 0.3 * i;

    /* Forward: the tangent of the result and of b along dx. */
    for (int marker = 0; marker < 2; marker++) {
      memcpy(b, b_init, sizeof b);
      memset(db, 0, sizeof db);
      double t = marker ? __enzyme_fwddiff((void *)kern, enzyme_runtime_activity, enzyme_dup, x, dx, enzyme_const, a, enzyme_dup, b, db, enzyme_const, c, enzyme_const, which, N)
                        : __enzyme_fwddiff((void *)kern, enzyme_dup, x, dx, enzyme_const, a, enzyme_dup, b, db, enzyme_const, c, enzyme_const, which, N);
      double h = ck_step(1.0), xp[N], xm[N], ap[N], am[N], bp[N], bm[N], cc[N];
      for (int i = 0; i < N; i++) xp[i] = x[i] + h * dx[i], xm[i] = x[i] - h * dx[i];
      memcpy(bp, b_init, sizeof bp);
      memcpy(bm, b_init, sizeof bm);
      memcpy(cc, C0, sizeof cc);
      double fd = (kern(xp, ap, bp, cc, which, N) - kern(xm, am, bm, cc, which, N)) / (2.0 * h);
      CHECK("fwd: result", t, fd);
      for (int i = 0; i < N; i++) {
        CHECK("fwd: tangent of b[i]", db[i], (bp[i] - bm[i]) / (2.0 * h));
        if (which) CHECK_PRIMAL("fwd: constant a[i] = c[i] + x[i]^2", a[i], C0[i] + x[i] * x[i]);
        CHECK_PRIMAL("fwd: constant c[i] unchanged", c[i], C0[i]);
      }
    }

    /* Reverse: seed W on b; gradients in x and in b's values before the call. */
    for (int marker = 0; marker < 2; marker++) {
      double gx[N] = {0};
      memcpy(b, b_init, sizeof b);
      memcpy(db, W, sizeof db);
      if (marker)
        __enzyme_autodiff((void *)kern, enzyme_dup, x, gx, enzyme_const, a, enzyme_runtime_activity, enzyme_dup, b, db, enzyme_const, c, enzyme_const, which, N);
      else
        __enzyme_autodiff((void *)kern, enzyme_dup, x, gx, enzyme_const, a, enzyme_dup, b, db, enzyme_const, c, enzyme_const, which, N);
      for (int i = 0; i < N; i++) {
        double xp[N], xm[N], bp[N], bm[N], h = ck_step(x[i]);
        memcpy(xp, x, sizeof xp);
        memcpy(xm, x, sizeof xm);
        xp[i] += h, xm[i] -= h;
        CHECK("rev: d/dx[i]", gx[i], (loss(xp, b_init, which) - loss(xm, b_init, which)) / (2.0 * h));
        memcpy(bp, b_init, sizeof bp);
        memcpy(bm, b_init, sizeof bm);
        h = ck_step(b_init[i]);
        bp[i] += h, bm[i] -= h;
        CHECK("rev: d/d(b[i] before)", db[i], (loss(x, bp, which) - loss(x, bm, which)) / (2.0 * h));
        if (which) CHECK_PRIMAL("rev: constant a[i] = c[i] + x[i]^2", a[i], C0[i] + x[i] * x[i]);
        CHECK_PRIMAL("rev: constant c[i] unchanged", c[i], C0[i]);
      }
    }
  }
  return ck_done();
}
