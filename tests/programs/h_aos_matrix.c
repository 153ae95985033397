// TEST: arrays of structs (particles), fixed 2-D arrays double[4][5], and pointer-to-pointer (double**) row matrices
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...);

typedef struct { double pos[2]; double vel[2]; double mass; int id; } particle;
#define NP 5
/* One leapfrog step with pairwise soft gravity; returns the kinetic energy. */
static double nbody(particle *p, int n, double dt) {
  for (int i = 0; i < n; i++) {
    double ax = 0.0, ay = 0.0;
    for (int j = 0; j < n; j++) {
      if (j == i) continue;
      double dx = p[j].pos[0] - p[i].pos[0], dy = p[j].pos[1] - p[i].pos[1];
      double r2 = dx * dx + dy * dy + 0.1;
      double inv = p[j].mass / (r2 * sqrt(r2));
      ax += dx * inv;
      ay += dy * inv;
    }
    p[i].vel[0] += dt * ax;
    p[i].vel[1] += dt * ay;
  }
  double ke = 0.0;
  for (int i = 0; i < n; i++) {
    p[i].pos[0] += dt * p[i].vel[0];
    p[i].pos[1] += dt * p[i].vel[1];
    ke += 0.5 * p[i].mass * (p[i].vel[0] * p[i].vel[0] + p[i].vel[1] * p[i].vel[1]);
  }
  return ke;
}

#define R 4
#define C 5
/* out = A^T A (C x C) from a fixed 2-D array; returns its trace plus out[1][3]. */
static double ata(const double a[R][C], double out[C][C]) {
  for (int i = 0; i < C; i++)
    for (int j = 0; j < C; j++) {
      double s = 0.0;
      for (int k = 0; k < R; k++) s += a[k][i] * a[k][j];
      out[i][j] = s;
    }
  double t = 0.0;
  for (int i = 0; i < C; i++) t += out[i][i];
  return t + out[1][3];
}

/* y = M x with M given as an array of row pointers; M is scaled in place by its row norms first. */
static void rowmat(double **m, const double *x, double *y, int r, int c) {
  for (int i = 0; i < r; i++) {
    double nrm = 0.0;
    for (int j = 0; j < c; j++) nrm += m[i][j] * m[i][j];
    nrm = sqrt(nrm);
    for (int j = 0; j < c; j++) m[i][j] /= nrm;
  }
  for (int i = 0; i < r; i++) {
    double s = 0.0;
    for (int j = 0; j < c; j++) s += m[i][j] * x[j];
    y[i] = s;
  }
}

static particle P0[NP];
static double VP[NP][5];
static double A0[R][C], VA0[R][C];
static double M0[R][C], VM[R][C], X0[C], VX[C];
static int WHICH, OUT;
static double along(double t) {
  if (WHICH == 0) {
    particle p[NP];
    for (int i = 0; i < NP; i++) {
      p[i] = P0[i];
      p[i].pos[0] += t * VP[i][0];
      p[i].pos[1] += t * VP[i][1];
      p[i].vel[0] += t * VP[i][2];
      p[i].vel[1] += t * VP[i][3];
      p[i].mass += t * VP[i][4];
    }
    double ke = nbody(p, NP, 0.05);
    return OUT < 0 ? ke : p[OUT / 4].pos[OUT % 2];
  }
  if (WHICH == 1) {
    double a[R][C], o[C][C];
    for (int i = 0; i < R; i++)
      for (int j = 0; j < C; j++) a[i][j] = A0[i][j] + t * VA0[i][j];
    double tr = ata(a, o);
    return OUT < 0 ? tr : o[OUT / C][OUT % C];
  }
  double rows[R][C], *m[R], x[C], y[R];
  for (int i = 0; i < R; i++) {
    for (int j = 0; j < C; j++) rows[i][j] = M0[i][j] + t * VM[i][j];
    m[i] = rows[i];
  }
  for (int j = 0; j < C; j++) x[j] = X0[j] + t * VX[j];
  rowmat(m, x, y, R, C);
  return OUT < 100 ? y[OUT] : rows[(OUT - 100) / C][(OUT - 100) % C];
}

int main(void) {
  char name[48];
  for (int i = 0; i < NP; i++) {
    P0[i].pos[0] = cos(1.3 * i) * (1.0 + 0.2 * i);
    P0[i].pos[1] = sin(1.3 * i) * (1.0 + 0.2 * i);
    P0[i].vel[0] = -0.1 * P0[i].pos[1];
    P0[i].vel[1] = 0.1 * P0[i].pos[0];
    P0[i].mass = 1.0 + 0.3 * i;
    P0[i].id = 100 + i;
    for (int k = 0; k < 5; k++) VP[i][k] = sin(0.7 * i + 1.1 * k);
  }
  particle p[NP], dp[NP];
  for (int i = 0; i < NP; i++) {
    p[i] = P0[i];
    dp[i].pos[0] = VP[i][0];
    dp[i].pos[1] = VP[i][1];
    dp[i].vel[0] = VP[i][2];
    dp[i].vel[1] = VP[i][3];
    dp[i].mass = VP[i][4];
    dp[i].id = 0;
  }
  WHICH = 0;
  double dke = __enzyme_fwddiff_d((void *)nbody, p, dp, enzyme_const, NP, enzyme_const, 0.05);
  OUT = -1;
  CHECK("nbody: d kinetic energy", dke, ck_fd1(along, 0.0));
  for (OUT = 0; OUT < 4 * NP; OUT += 5) {
    snprintf(name, sizeof name, "nbody: d p[%d].pos[%d]", OUT / 4, OUT % 2);
    CHECK(name, dp[OUT / 4].pos[OUT % 2], ck_fd1(along, 0.0));
  }
  CHECK_PRIMAL("nbody: id untouched", p[3].id, 103);

  WHICH = 1;
  for (int i = 0; i < R; i++)
    for (int j = 0; j < C; j++) {
      A0[i][j] = 0.2 * i - 0.1 * j + 0.05 * i * j + 0.3;
      VA0[i][j] = cos(i + 2.0 * j);
    }
  double o[C][C], dout[C][C];
  double dtr = __enzyme_fwddiff_d((void *)ata, A0, VA0, o, dout);
  OUT = -1;
  CHECK("ata: d trace + out[1][3]", dtr, ck_fd1(along, 0.0));
  for (OUT = 2; OUT < C * C; OUT += 6) {
    snprintf(name, sizeof name, "ata: d out[%d][%d]", OUT / C, OUT % C);
    CHECK(name, dout[OUT / C][OUT % C], ck_fd1(along, 0.0));
  }

  WHICH = 2;
  double rows[R][C], drows[R][C], *m[R], *dm[R], y[R], dy[R], dx[C];
  for (int i = 0; i < R; i++)
    for (int j = 0; j < C; j++) {
      M0[i][j] = 1.0 + 0.1 * i + 0.2 * j - 0.03 * i * j;
      VM[i][j] = sin(2.0 * i + j);
      rows[i][j] = M0[i][j];
      drows[i][j] = VM[i][j];
    }
  for (int i = 0; i < R; i++) {
    m[i] = rows[i];
    dm[i] = drows[i];
  }
  for (int j = 0; j < C; j++) {
    X0[j] = 0.5 - 0.2 * j;
    VX[j] = 0.1 * j + 0.3;
    dx[j] = VX[j];
  }
  __enzyme_fwddiff((void *)rowmat, m, dm, X0, dx, y, dy, enzyme_const, R, enzyme_const, C);
  for (OUT = 0; OUT < R; OUT++) {
    snprintf(name, sizeof name, "rowmat: d y[%d]", OUT);
    CHECK(name, dy[OUT], ck_fd1(along, 0.0));
  }
  for (OUT = 100; OUT < 100 + R * C; OUT += 7) {
    snprintf(name, sizeof name, "rowmat: d m[%d][%d] (in place)", (OUT - 100) / C, (OUT - 100) % C);
    CHECK(name, drows[(OUT - 100) / C][(OUT - 100) % C], ck_fd1(along, 0.0));
  }
  return ck_done();
}
