// TEST: C99 variably modified parameters in reverse and forward mode, as numerical C code writes them: double a[n][m] matrices (row-major, runtime shape), a 3-D array double u[nz][ny][nx] smoothed in place, and a least-squares loss over them; gradients against finite differences and the dot-product test
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static void matvec(int n, int m, const double a[n][m], const double x[m], double y[n]) {
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    for (int j = 0; j < m; j++) s += a[i][j] * x[j];
    y[i] = tanh(s);
  }
}

static double lsq(int n, int m, const double a[n][m], const double x[m], const double b[n]) {
  double y[n];
  matvec(n, m, a, x, y);
  double l = 0.0;
  for (int i = 0; i < n; i++) l += (y[i] - b[i]) * (y[i] - b[i]);
  return l;
}

static double smooth3d(int nz, int ny, int nx, double u[nz][ny][nx]) {
  for (int k = 1; k + 1 < nz; k++)
    for (int j = 1; j + 1 < ny; j++)
      for (int i = 1; i + 1 < nx; i++)
        u[k][j][i] = 0.4 * u[k][j][i] + 0.1 * (u[k][j][i - 1] + u[k][j][i + 1] + u[k - 1][j][i] + u[k + 1][j][i] + u[k][j - 1][i] + u[k][j + 1][i]);
  double e = 0.0;
  for (int k = 0; k < nz; k++)
    for (int j = 0; j < ny; j++)
      for (int i = 0; i < nx; i++) e += u[k][j][i] * u[k][j][i] * (1 + i + j * k);
  return e;
}

#define NR 3
#define NC 4
static double A[NR][NC] = {{0.2, -0.5, 0.3, 0.1}, {0.7, 0.1, -0.2, 0.4}, {-0.3, 0.6, 0.5, -0.1}};
static double XV[NC] = {0.5, -0.4, 0.9, 0.2};
static double B[NR] = {0.1, -0.2, 0.3};
static double lsq_a(double *a) { return lsq(NR, NC, (const double(*)[NC])a, XV, B); }
static double lsq_x(double *x) { return lsq(NR, NC, A, x, B); }
#define NZ 3
#define NY 4
#define NX 4
static double U0[NZ * NY * NX];
static double smooth_u(double *u) {
  double c[NZ * NY * NX];
  memcpy(c, u, sizeof c);
  return smooth3d(NZ, NY, NX, (double(*)[NY][NX])c);
}

int main(void) {
  double da[NR][NC] = {{0}}, dx[NC] = {0};
  __enzyme_autodiff((void *)lsq, enzyme_const, NR, enzyme_const, NC, enzyme_dup, A, da, enzyme_dup, XV, dx, enzyme_const, B);
  ck_gradient("VLA matrix a[n][m]", &da[0][0], lsq_a, &A[0][0], NR * NC);
  ck_gradient("VLA vector x[m]", dx, lsq_x, XV, NC);
  double ta[NR][NC] = {{0.1, 0.2, -0.3, 0.4}, {0.5, -0.6, 0.7, 0.8}, {-0.9, 0.1, 0.2, 0.3}}, tx[NC] = {0.3, 0.1, -0.2, 0.6};
  double jv = __enzyme_fwddiff((void *)lsq, enzyme_const, NR, enzyme_const, NC, enzyme_dup, A, ta, enzyme_dup, XV, tx, enzyme_const, B);
  double g[NR * NC + NC], v[NR * NC + NC];
  memcpy(g, da, sizeof da);
  memcpy(g + NR * NC, dx, sizeof dx);
  memcpy(v, ta, sizeof ta);
  memcpy(v + NR * NC, tx, sizeof tx);
  double one = 1.0;
  ck_dot_test("VLA least squares", &one, &jv, 1, g, v, NR * NC + NC);

  for (int i = 0; i < NZ * NY * NX; i++) U0[i] = sin(0.37 * i) * 0.8;
  double u[NZ * NY * NX], du[NZ * NY * NX] = {0};
  memcpy(u, U0, sizeof u);
  __enzyme_autodiff((void *)smooth3d, enzyme_const, NZ, enzyme_const, NY, enzyme_const, NX, enzyme_dup, u, du);
  ck_gradient("VLA 3-D in-place smoothing", du, smooth_u, U0, NZ * NY * NX);
  return ck_done();
}
