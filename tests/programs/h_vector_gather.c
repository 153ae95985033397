// TEST: AVX2 gathers from the loop vectorizer: x[idx[i]] (vector GEP + masked.gather), a conditional (masked) gather, an inactive integer gather, a gather of pointers, a gather through pointers that may be active or not (guarded), and width 2
// CFLAGS: -mavx2 -mfma -mtune=skylake
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
typedef struct { double d[2]; } v2;
v2 __enzyme_fwddiff2(void *, ...);

#define N 45
/* Each kernel writes y[] in a loop the vectorizer turns into gathers (a reduction would need
 * reassociation), then sums y in order. */
static double total(const double *y, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += y[i] * (1.0 + 0.01 * i);
  return s;
}
/* y = w[i] * x[idx[i]]^2: a vector GEP and an unmasked gather of x. */
static double gsq(const double *x, const int *idx, const double *w, int n) {
  double y[N];
  for (int i = 0; i < n; i++) y[i] = w[i] * x[idx[i]] * x[idx[i]];
  return total(y, n);
}
/* Only where w[i] > 0: a gather under a mask (masked-off lanes keep the pass-through). */
static double gcond(const double *x, const int *idx, const double *w, int n) {
  double y[N];
  for (int i = 0; i < n; i++) y[i] = w[i] > 0.0 ? x[idx[i]] * w[i] : w[i];
  return total(y, n);
}
/* Integer gathers: the counts are inactive data, x is gathered with the same indices. */
static double gcount(const double *x, const int *idx, const int *cnt, int n) {
  double y[N];
  for (int i = 0; i < n; i++) y[i] = (double)cnt[idx[i]] * x[i] + x[idx[i]];
  return total(y, n);
}
/* Gather of pointers, then gathers through them: rows[idx[i]][0] * rows[idx[i]][1]. */
static double grows(double *const *rows, const int *idx, int n) {
  double y[N];
  for (int i = 0; i < n; i++) y[i] = rows[idx[i]][1] * rows[idx[i]][0];
  return total(y, n);
}
/* Each lane reads from x (active) or from c (no shadow): a vector of pointers whose shadow
 * stands in as the primal for some lanes, so the gathered tangent is guarded per lane. */
static double gmix(const double *x, const double *c, const int *idx, int n) {
  double y[N];
  for (int i = 0; i < n; i++) {
    const double *src = (i % 3 == 0) ? c : x;
    y[i] = src[idx[i]] * x[i];
  }
  return total(y, n);
}

static double X[N], V[N], W[N], VW[N], C[N], R[N][2], VR[N][2];
static int IDX[N], CNT[N];
static int WHICH;
static double along(double t) {
  double x[N], w[N], r[N][2];
  double *rows[N];
  for (int i = 0; i < N; i++) {
    x[i] = X[i] + t * V[i];
    w[i] = W[i] + t * VW[i];
    r[i][0] = R[i][0] + t * VR[i][0];
    r[i][1] = R[i][1] + t * VR[i][1];
    rows[i] = r[i];
  }
  switch (WHICH) {
  case 0: return gsq(x, IDX, w, N);
  case 1: return gcond(x, IDX, w, N);
  case 2: return gcount(x, IDX, CNT, N);
  case 3: return grows(rows, IDX, N);
  default: return gmix(x, C, IDX, N);
  }
}

int main(void) {
  double *rows[N], *drows[N];
  double dr[N][2];
  for (int i = 0; i < N; i++) {
    X[i] = sin(0.37 * i) + 0.2;
    V[i] = cos(0.8 * i);
    W[i] = (i % 4 == 1) ? -0.5 : 1.0 / (1.0 + i);
    VW[i] = 0.01 * (i % 7);
    C[i] = 0.3 * i;
    R[i][0] = 0.5 + 0.1 * i;
    R[i][1] = cos(0.3 * i);
    VR[i][0] = 0.2 * sin(1.1 * i);
    VR[i][1] = 0.7 - 0.05 * i;
    rows[i] = R[i];
    drows[i] = dr[i];
    dr[i][0] = VR[i][0];
    dr[i][1] = VR[i][1];
    IDX[i] = (i * 17 + 5) % N;
    CNT[i] = i % 5 + 1;
  }
  WHICH = 0;
  CHECK("gather x[idx]^2 * w: d", __enzyme_fwddiff((void *)gsq, X, V, enzyme_const, IDX, W, VW, enzyme_const, N),
        ck_fd1(along, 0.0));
  WHICH = 1;
  CHECK("masked gather (w > 0): d", __enzyme_fwddiff((void *)gcond, X, V, enzyme_const, IDX, W, VW, enzyme_const, N),
        ck_fd1(along, 0.0));
  WHICH = 2;
  CHECK("inactive int gather: d", __enzyme_fwddiff((void *)gcount, X, V, enzyme_const, IDX, enzyme_const, CNT,
                                                   enzyme_const, N),
        ck_fd1(along, 0.0));
  WHICH = 3;
  CHECK("gather of pointers: d", __enzyme_fwddiff((void *)grows, rows, drows, enzyme_const, IDX, enzyme_const, N),
        ck_fd1(along, 0.0));
  WHICH = 4;
  CHECK("gather, active or inactive lanes: d",
        __enzyme_fwddiff((void *)gmix, X, V, enzyme_const, C, enzyme_const, IDX, enzyme_const, N), ck_fd1(along, 0.0));
  /* Width 2: the second lane seeds 2*V, so its derivative is twice the first. */
  double v2dir[2 * N];
  for (int i = 0; i < N; i++) {
    v2dir[i] = V[i];
    v2dir[N + i] = 2.0 * V[i];
  }
  WHICH = 0;
  v2 g = __enzyme_fwddiff2((void *)gsq, enzyme_width, 2, enzyme_dupv, sizeof(double) * N, X, v2dir, enzyme_const,
                           IDX, enzyme_const, W, enzyme_const, N);
  double vw0[N];
  memcpy(vw0, VW, sizeof vw0);
  memset(VW, 0, sizeof VW);
  double fd = ck_fd1(along, 0.0);
  memcpy(VW, vw0, sizeof vw0);
  CHECK("width 2 lane 0: d", g.d[0], fd);
  CHECK("width 2 lane 1: d", g.d[1], 2.0 * fd);
  return ck_done();
}
