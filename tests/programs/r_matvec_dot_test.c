// TEST: reverse mode on a dense matrix-vector product y = A x (output array seeded with w): gradients in A and x against finite differences, and the dot-product test <w, J v> = <J^T w, v> against forward mode
#include "include/ck_array.h"

double __enzyme_fwddiff(void *, ...);
void __enzyme_autodiff(void *, ...);

#define M 4
#define N 6

static void gemv(const double *A, const double *x, double *y, int m, int n) {
  for (int i = 0; i < m; i++) {
    double s = 0.0;
    for (int j = 0; j < n; j++) s += A[i * n + j] * x[j];
    y[i] = tanh(s);
  }
}

static double A0[M * N], W[M] = {0.4, -1.2, 0.9, 0.25};
static double F_x(double *x) {
  double y[M];
  gemv(A0, x, y, M, N);
  return ck_dot(W, y, M);
}
static double X0[N] = {0.3, -0.7, 1.1, 0.05, -0.4, 0.6};
static double F_A(double *A) {
  double y[M];
  gemv(A, X0, y, M, N);
  return ck_dot(W, y, M);
}

int main(void) {
  for (int k = 0; k < M * N; k++) A0[k] = 0.3 * sin(1.7 * k) - 0.05 * (k % 5);
  double dA[M * N] = {0}, dx[N] = {0}, y[M], dy[M];
  memcpy(dy, W, sizeof dy);
  __enzyme_autodiff((void *)gemv, enzyme_dup, A0, dA, enzyme_dup, X0, dx, enzyme_dup, y, dy, enzyme_const, M, enzyme_const, N);
  ck_gradient("tanh(A x): d/dx", dx, F_x, X0, N);
  ck_gradient("tanh(A x): d/dA", dA, F_A, A0, M * N);
  for (int i = 0; i < M; i++) CHECK("output seed consumed (zeroed)", dy[i], 0.0);

  double v[N] = {1.0, -0.5, 0.25, 0.8, -0.3, 0.1}, zeroA[M * N] = {0}, jv[M];
  __enzyme_fwddiff((void *)gemv, enzyme_dup, A0, zeroA, enzyme_dup, X0, v, enzyme_dup, y, jv, enzyme_const, M, enzyme_const, N);
  ck_dot_test("tanh(A x)", W, jv, M, dx, v, N);
  return ck_done();
}
