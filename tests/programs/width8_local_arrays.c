// TEST: enzyme_width 8 through local arrays of 2 KiB and more (their shadows share one allocation,
// lanes a cache line apart), a local array of structs and a small local array; every lane's
// outputs against finite differences along that lane's direction
#include <string.h>

#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);

#define N 600
#define W 8
#define OUT 5
typedef struct { double re, im; } cpx;

static void smooth(const double *x, double *out, double p) {
  double a[N], b[N]; /* 4800 bytes each */
  cpx c[N / 2];      /* 4800 bytes */
  double s[2] = {0.0, 0.0};
  memcpy(a, x, sizeof a);
  for (int it = 0; it < 3; it++) {
    for (int i = 0; i < N; i++)
      b[i] = 0.25 * a[(i + N - 1) % N] + 0.5 * a[i] + 0.25 * a[(i + 1) % N] + p * sin(a[i]);
    memcpy(a, b, sizeof a);
  }
  for (int i = 0; i < N / 2; i++) {
    c[i].re = a[2 * i] * a[2 * i + 1];
    c[i].im = a[2 * i] - a[(7 * i) % N];
  }
  for (int i = 0; i < N; i++) s[i & 1] += a[i] * c[(i * 7) % (N / 2)].im;
  out[0] = s[0];
  out[1] = s[1];
  out[2] = a[17];
  out[3] = b[311];
  out[4] = c[123].re + c[N / 2 - 1].im;
}

static double X[N], DX[W][N];
static int LANE, K;
static double along(double t) {
  double x[N], out[OUT];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * DX[LANE][i];
  smooth(x, out, 0.3);
  return out[K];
}

int main(void) {
  for (int i = 0; i < N; i++) X[i] = cos(0.05 * i);
  for (int l = 0; l < W; l++)
    for (int i = 0; i < N; i++) DX[l][i] = sin(0.01 * (i + 1) * (l + 1));
  double out[OUT], d[W][OUT];
  __enzyme_fwddiff((void *)smooth, enzyme_width, W, enzyme_dup, X, DX[0], DX[1], DX[2], DX[3], DX[4], DX[5],
                   DX[6], DX[7], enzyme_dup, out, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], enzyme_const, 0.3);
  char name[48];
  for (LANE = 0; LANE < W; LANE++)
    for (K = 0; K < OUT; K++) {
      snprintf(name, sizeof name, "lane %d, out[%d]", LANE, K);
      CHECK(name, d[LANE][K], ck_fd1(along, 0.0));
    }
  return ck_done();
}
