// TEST: enzyme_width 8: loops that call libm functions (tanh, exp, log1p, atan, sin, erf, pow, hypot, cbrt), which a derivative calls without errno writes so that LLVM vectorizes them; a 16x16 Jacobian by two width-8 sweeps, and one sweep along mixed directions, with a v8 return
#include "include/catalase_check.h"

typedef struct { double d[8]; } v8;
v8 __enzyme_fwddiff(void *, ...);

#define N 16
static double W1[N * N], W2[N * N], B[N];

/* Two dense layers and an elementwise tail of libm calls; returns a weighted sum of y. */
static double f(const double *w1, const double *w2, const double *b, const double *x, double *y) {
  double h[N];
  for (int i = 0; i < N; i++) {
    double s = b[i];
    for (int j = 0; j < N; j++) s += w1[i * N + j] * x[j];
    h[i] = tanh(s);
  }
  for (int i = 0; i < N; i++) {
    double s = 0.0;
    for (int j = 0; j < N; j++) s += w2[i * N + j] * h[j];
    y[i] = exp(0.5 * s) + log1p(x[i] * x[i]) + atan(s) * sin(x[i]);
  }
  double total = 0.0;
  for (int i = 0; i < N; i++) {
    double u = y[i];
    y[i] = erf(0.3 * u) + pow(u, 1.5) + hypot(u, x[i]) + cbrt(u + 2.0);
    total += (1.0 + 0.1 * i) * y[i];
  }
  return total;
}

static double X[N], DIR[8][N];
static int OUT, LANE;
static double along(double t) {
  double x[N], y[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * DIR[LANE][i];
  double s = f(W1, W2, B, x, y);
  return OUT < 0 ? s : y[OUT];
}

#define L8(a) a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]

/* One width-8 sweep along DIR; checks the returned lanes and some outputs of y per lane. */
static void sweep(const char *what) {
  double y[N], dy[8][N];
  double *dx[8], *dyl[8];
  for (int l = 0; l < 8; l++) dx[l] = DIR[l], dyl[l] = dy[l];
  v8 g = __enzyme_fwddiff((void *)f, enzyme_width, 8, enzyme_const, W1, enzyme_const, W2, enzyme_const, B,
                          enzyme_dup, X, L8(dx), enzyme_dup, y, L8(dyl));
  char name[64];
  for (LANE = 0; LANE < 8; LANE++) {
    OUT = -1;
    snprintf(name, sizeof name, "%s lane%d d total", what, LANE);
    CHECK(name, g.d[LANE], ck_fd1(along, 0.0));
    for (OUT = LANE % 3; OUT < N; OUT += 5) {
      snprintf(name, sizeof name, "%s lane%d dy[%d]", what, LANE, OUT);
      CHECK(name, dy[LANE][OUT], ck_fd1(along, 0.0));
    }
  }
}

int main(void) {
  for (int k = 0; k < N * N; k++) {
    W1[k] = 0.4 * sin(0.7 * k + 0.3) / 4.0;
    W2[k] = 0.4 * cos(1.3 * k - 0.2) / 4.0;
  }
  for (int i = 0; i < N; i++) B[i] = 0.05 * (i % 5) - 0.1, X[i] = 0.3 + 0.04 * i;
  for (int block = 0; block < N; block += 8) {
    memset(DIR, 0, sizeof DIR);
    for (int l = 0; l < 8; l++) DIR[l][block + l] = 1.0;
    sweep(block ? "columns 8-15" : "columns 0-7");
  }
  for (int l = 0; l < 8; l++)
    for (int i = 0; i < N; i++) DIR[l][i] = cos(0.9 * l + 0.37 * i);
  sweep("mixed");
  return ck_done();
}
