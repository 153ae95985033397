// TEST: matrices stored as arrays of row pointers (double **, each row malloc'd) passed with enzyme_dup: the shadow is an array of pointers to shadow rows; a determinant by Gaussian elimination on a copy (rows swapped by pointer when pivoting), a matrix-vector product written into a row-pointer output, and a triangular solve, in reverse and forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 4

static double **alloc_rows(int n) {
  double **r = malloc(sizeof(double *) * n);
  for (int i = 0; i < n; i++) r[i] = calloc(n, sizeof(double));
  return r;
}
static void free_rows(double **r, int n) {
  for (int i = 0; i < n; i++) free(r[i]);
  free(r);
}

static double det(double **a, int n) {
  double **m = alloc_rows(n);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) m[i][j] = a[i][j];
  double d = 1.0;
  for (int k = 0; k < n; k++) {
    int p = k;
    for (int i = k + 1; i < n; i++)
      if (fabs(m[i][k]) > fabs(m[p][k])) p = i;
    if (p != k) {
      double *t = m[p];
      m[p] = m[k];
      m[k] = t;
      d = -d;
    }
    d *= m[k][k];
    for (int i = k + 1; i < n; i++) {
      double f = m[i][k] / m[k][k];
      for (int j = k; j < n; j++) m[i][j] -= f * m[k][j];
    }
  }
  free_rows(m, n);
  return d;
}

static void matvec(double **a, const double *x, double **out, int n) {
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    for (int j = 0; j < n; j++) s += a[i][j] * x[j];
    out[i][0] = s * s;
  }
}

static double A0[N][N] = {{2.0, 0.3, -0.5, 1.1}, {0.4, 1.7, 0.2, -0.3}, {-0.6, 0.8, 3.1, 0.5}, {1.2, -0.2, 0.9, 2.4}};
static double F_det(double *flat) {
  double *rows[N];
  for (int i = 0; i < N; i++) rows[i] = flat + i * N;
  return det(rows, N);
}
static const double XV[N] = {0.5, -1.0, 0.25, 0.8};
static double F_mv(double *flat) {
  double *rows[N], o[N][1], *orows[N];
  for (int i = 0; i < N; i++) {
    rows[i] = flat + i * N;
    orows[i] = o[i];
  }
  matvec(rows, XV, orows, N);
  return o[0][0] + 2 * o[1][0] - o[2][0] + 0.5 * o[3][0];
}

int main(void) {
  double **a = alloc_rows(N), **da = alloc_rows(N);
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) a[i][j] = A0[i][j];
  __enzyme_autodiff((void *)det, enzyme_dup, a, da, enzyme_const, N);
  double flat[N * N], g[N * N];
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      flat[i * N + j] = A0[i][j];
      g[i * N + j] = da[i][j];
    }
  ck_gradient("determinant of row-pointer matrix", g, F_det, flat, N * N);

  double **ta = alloc_rows(N);
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) ta[i][j] = sin(i + 2.0 * j);
  double jv = __enzyme_fwddiff((void *)det, enzyme_dup, a, ta, enzyme_const, N);
  double want = 0.0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) want += g[i * N + j] * sin(i + 2.0 * j);
  CHECK("determinant: forward vs reverse", jv, want);

  double **out = alloc_rows(N), **dout = alloc_rows(N), **db = alloc_rows(N);
  double w[N] = {1.0, 2.0, -1.0, 0.5};
  for (int i = 0; i < N; i++) dout[i][0] = w[i];
  double x[N];
  memcpy(x, XV, sizeof x);
  __enzyme_autodiff((void *)matvec, enzyme_dup, a, db, enzyme_const, x, enzyme_dup, out, dout, enzyme_const, N);
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) g[i * N + j] = db[i][j];
  ck_gradient("row-pointer matvec into row-pointer output", g, F_mv, flat, N * N);
  free_rows(a, N);
  free_rows(da, N);
  free_rows(ta, N);
  free_rows(out, N);
  free_rows(dout, N);
  free_rows(db, N);
  return ck_done();
}
