// TEST: a marker call inside a loop (Jacobian column by column, seeds changing per iteration), plus a marker call in a loop whose trip count is data dependent
// CFLAGS: -fno-unroll-loops
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...);

#define N 4
static void F(const double *x, double *y) {
  for (int i = 0; i < N; i++) y[i] = sin(x[i]) * x[(i + 1) % N] + x[i] * x[i];
}
static double X[N] = {0.3, -0.7, 1.1, 0.5};
static int COL, ROW;
static double along(double t) {
  double x[N], y[N];
  memcpy(x, X, sizeof x);
  x[COL] += t;
  F(x, y);
  return y[ROW];
}
static double poly(double x, int k) {
  double r = 1;
  for (int i = 0; i < k; i++) r = r * x + 0.5;
  return r;
}
static int K;
static double poly_k(double x) { return poly(x, K); }

int main(void) {
  double J[N][N];
  for (int j = 0; j < N; j++) {
    double dx[N] = {0}, y[N], dy[N];
    dx[j] = 1.0;
    __enzyme_fwddiff((void *)F, X, dx, y, dy);
    for (int i = 0; i < N; i++) J[i][j] = dy[i];
  }
  char name[48];
  for (COL = 0; COL < N; COL++)
    for (ROW = 0; ROW < N; ROW++) {
      snprintf(name, sizeof name, "J[%d][%d] (marker in loop)", ROW, COL);
      CHECK(name, J[ROW][COL], ck_fd1(along, 0.0));
    }
  volatile int kmax = 5;
  for (K = 1; K <= kmax; K++) {
    double x = 0.4 + 0.1 * K;
    snprintf(name, sizeof name, "poly degree %d", K);
    CHECK(name, __enzyme_fwddiff_d((void *)poly, x, 1.0, enzyme_const, K), ck_fd1(poly_k, x));
  }
  return ck_done();
}
