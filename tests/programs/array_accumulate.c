// TEST: accumulation into an output array (y[j] += a[i][j]*x[i]^2) over a preloaded active y
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);

#define N 4
static const double A[N][N] = {{1, 2, 0, -1}, {0.5, -1, 3, 2}, {2, 0.25, -0.5, 1}, {-1, 1, 1, 0.5}};
static void f(const double *x, double *y) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) y[j] += A[i][j] * x[i] * x[i] * y[j] * 0.1 + A[i][j] * x[i];
}

static double X[N] = {0.7, -0.3, 1.2, 0.5};
static double Y[N] = {1.0, -2.0, 0.5, 0.25};
static double VX[N] = {1.0, 0.5, -0.5, 0.2};
static double VY[N] = {-0.3, 0.6, 1.0, 0.1};
static int OUT;
static double along(double t) {
  double x[N], y[N];
  for (int i = 0; i < N; i++) { x[i] = X[i] + t * VX[i]; y[i] = Y[i] + t * VY[i]; }
  f(x, y);
  return y[OUT];
}

int main(void) {
  double y[N], dx[N], dy[N];
  for (int i = 0; i < N; i++) { y[i] = Y[i]; dx[i] = VX[i]; dy[i] = VY[i]; }
  __enzyme_fwddiff((void *)f, X, dx, y, dy);
  char name[48];
  for (int i = 0; i < N; i++) {
    OUT = i;
    snprintf(name, sizeof name, "tangent of accumulated y[%d]", i);
    CHECK(name, dy[i], ck_fd1(along, 0.0));
  }
  return ck_done();
}
