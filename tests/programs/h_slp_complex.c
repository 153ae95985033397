// TEST: SLP-vectorizable straight-line code: complex products over arrays of {re,im}, 4-wide unrolled updates, <2 x double> shuffles
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...); /* same marker (name contains __enzyme_fwddiff), double result */

typedef struct { double re, im; } cplx;
#define N 5
/* z[i] = z[i]*w[i] + c ; returns |sum z|^2 */
static double cmulacc(cplx *z, const cplx *w, const cplx *cp, int n) {
  cplx c = *cp;
  for (int i = 0; i < n; i++) {
    double a = z[i].re, b = z[i].im;
    z[i].re = a * w[i].re - b * w[i].im + c.re;
    z[i].im = a * w[i].im + b * w[i].re + c.im;
  }
  double sr = 0.0, si = 0.0;
  for (int i = 0; i < n; i++) {
    sr += z[i].re;
    si += z[i].im;
  }
  return sr * sr + si * si;
}

/* Hand-unrolled quaternion-like update (SLP packs the four lanes). */
static void quat(double *q, const double *p) {
  double a = q[0], b = q[1], c = q[2], d = q[3];
  q[0] = a * p[0] - b * p[1] - c * p[2] - d * p[3];
  q[1] = a * p[1] + b * p[0] + c * p[3] - d * p[2];
  q[2] = a * p[2] - b * p[3] + c * p[0] + d * p[1];
  q[3] = a * p[3] + b * p[2] - c * p[1] + d * p[0];
}

static cplx Z[N], W[N], Cc = {0.1, -0.2};
static double VZ[2 * N], VW[2 * N], VC[2];
static double Q[4] = {0.5, -0.3, 0.8, 0.1}, P[4] = {0.9, 0.2, -0.4, 0.6}, VQ[4], VP[4];
static int OUT;
static double along1(double t) {
  cplx z[N], w[N];
  for (int i = 0; i < N; i++) {
    z[i].re = Z[i].re + t * VZ[2 * i];
    z[i].im = Z[i].im + t * VZ[2 * i + 1];
    w[i].re = W[i].re + t * VW[2 * i];
    w[i].im = W[i].im + t * VW[2 * i + 1];
  }
  cplx c = {Cc.re + t * VC[0], Cc.im + t * VC[1]};
  double r = cmulacc(z, w, &c, N);
  if (OUT < 0) return r;
  return OUT & 1 ? z[OUT / 2].im : z[OUT / 2].re;
}
static double along2(double t) {
  double q[4], p[4];
  for (int i = 0; i < 4; i++) {
    q[i] = Q[i] + t * VQ[i];
    p[i] = P[i] + t * VP[i];
  }
  for (int k = 0; k < 3; k++) quat(q, p);
  return q[OUT];
}
static void quat3(double *q, const double *p) {
  for (int k = 0; k < 3; k++) quat(q, p);
}

int main(void) {
  for (int i = 0; i < N; i++) {
    Z[i].re = 0.3 * i - 0.5;
    Z[i].im = 0.2 + 0.1 * i;
    W[i].re = cos(0.7 * i);
    W[i].im = sin(0.7 * i);
  }
  for (int i = 0; i < 2 * N; i++) {
    VZ[i] = sin(1.0 + i);
    VW[i] = 0.1 * (i % 4) - 0.15;
  }
  VC[0] = 0.5;
  VC[1] = 0.25;
  cplx z[N], dz[N], dw[N];
  for (int i = 0; i < N; i++) {
    z[i] = Z[i];
    dz[i].re = VZ[2 * i];
    dz[i].im = VZ[2 * i + 1];
    dw[i].re = VW[2 * i];
    dw[i].im = VW[2 * i + 1];
  }
  cplx dc = {VC[0], VC[1]};
  double dr = __enzyme_fwddiff_d((void *)cmulacc, z, dz, W, dw, &Cc, &dc,
                                                          enzyme_const, N);
  OUT = -1;
  CHECK("cmulacc: d |sum z|^2", dr, ck_fd1(along1, 0.0));
  char name[48];
  for (OUT = 0; OUT < 2 * N; OUT += 3) {
    snprintf(name, sizeof name, "cmulacc: d z[%d].%s", OUT / 2, OUT & 1 ? "im" : "re");
    CHECK(name, OUT & 1 ? dz[OUT / 2].im : dz[OUT / 2].re, ck_fd1(along1, 0.0));
  }
  for (int i = 0; i < 4; i++) {
    VQ[i] = 0.2 * i - 0.3;
    VP[i] = 0.5 - 0.25 * i;
  }
  double q[4], dq[4], dp[4];
  for (int i = 0; i < 4; i++) {
    q[i] = Q[i];
    dq[i] = VQ[i];
    dp[i] = VP[i];
  }
  __enzyme_fwddiff((void *)quat3, q, dq, P, dp);
  for (OUT = 0; OUT < 4; OUT++) {
    snprintf(name, sizeof name, "quat^3: d q[%d]", OUT);
    CHECK(name, dq[OUT], ck_fd1(along2, 0.0));
  }
  return ck_done();
}
