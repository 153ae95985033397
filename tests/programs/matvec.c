// TEST: small dense matrix-vector product y = A x (both A and x active), then a quadratic form
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

#define M 3
#define N 4
static double f(const double *A, const double *x, double *y) {
  for (int i = 0; i < M; i++) {
    double s = 0.0;
    for (int j = 0; j < N; j++) s += A[i * N + j] * x[j];
    y[i] = s;
  }
  double q = 0.0;
  for (int i = 0; i < M; i++) q += y[i] * y[i] * (i + 1);
  return q;
}

static double A0[M * N] = {1, 2, 0, -1, 0.5, -1, 3, 2, 2, 0.25, -0.5, 1};
static double X0[N] = {0.3, -0.7, 1.1, 0.4};
static double VA[M * N], VX[N];
static int OUT;
static double along(double t) {
  double A[M * N], x[N], y[M];
  for (int i = 0; i < M * N; i++) A[i] = A0[i] + t * VA[i];
  for (int j = 0; j < N; j++) x[j] = X0[j] + t * VX[j];
  double q = f(A, x, y);
  return OUT < 0 ? q : y[OUT];
}

int main(void) {
  for (int i = 0; i < M * N; i++) VA[i] = 0.1 * ((i * 7) % 5) - 0.2;
  for (int j = 0; j < N; j++) VX[j] = 0.5 - 0.25 * j;
  double dA[M * N], dx[N], y[M], dy[M];
  memcpy(dA, VA, sizeof dA);
  memcpy(dx, VX, sizeof dx);
  double dq = __enzyme_fwddiff((void *)f, A0, dA, X0, dx, y, dy);
  char name[48];
  OUT = -1;
  CHECK("d quadratic form (A and x active)", dq, ck_fd1(along, 0.0));
  for (OUT = 0; OUT < M; OUT++) {
    snprintf(name, sizeof name, "d y[%d]", OUT);
    CHECK(name, dy[OUT], ck_fd1(along, 0.0));
  }
  return ck_done();
}
