// TEST: reverse mode through Gaussian elimination with partial pivoting on a heap copy of the matrix (row swaps, in-place elimination, back substitution): gradient of <w, A^-1 b> in A and b, against finite differences and the adjoint formulas dA = -lambda x^T, db = lambda
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define N 4

static double solve_dot(const double *A, const double *b, const double *w, int n) {
  double *M = malloc(sizeof(double) * n * n), *x = malloc(sizeof(double) * n);
  for (int i = 0; i < n * n; i++) M[i] = A[i];
  for (int i = 0; i < n; i++) x[i] = b[i];
  for (int k = 0; k < n; k++) {
    int p = k;
    for (int i = k + 1; i < n; i++)
      if (fabs(M[i * n + k]) > fabs(M[p * n + k])) p = i;
    if (p != k) {
      for (int j = 0; j < n; j++) {
        double t = M[k * n + j];
        M[k * n + j] = M[p * n + j];
        M[p * n + j] = t;
      }
      double t = x[k];
      x[k] = x[p];
      x[p] = t;
    }
    for (int i = k + 1; i < n; i++) {
      double f = M[i * n + k] / M[k * n + k];
      for (int j = k; j < n; j++) M[i * n + j] -= f * M[k * n + j];
      x[i] -= f * x[k];
    }
  }
  for (int i = n - 1; i >= 0; i--) {
    double s = x[i];
    for (int j = i + 1; j < n; j++) s -= M[i * n + j] * x[j];
    x[i] = s / M[i * n + i];
  }
  double r = 0.0;
  for (int i = 0; i < n; i++) r += w[i] * x[i];
  free(M);
  free(x);
  return r;
}

static double A0[N * N] = {0.5, 2.0, -1.0, 0.3, 3.0, 0.2, 0.7, -0.4, -0.6, 0.9, 1.8, 0.1, 0.4, -0.3, 0.2, 2.5};
static double B0[N] = {1.0, -0.5, 0.25, 2.0}, W[N] = {0.3, 1.1, -0.7, 0.45};
static double F_A(double *A) { return solve_dot(A, B0, W, N); }
static double F_b(double *b) { return solve_dot(A0, b, W, N); }

int main(void) {
  double dA[N * N] = {0}, db[N] = {0};
  __enzyme_autodiff((void *)solve_dot, enzyme_dup, A0, dA, enzyme_dup, B0, db, enzyme_const, W, enzyme_const, N);
  ck_gradient("<w, A^-1 b>: d/db", db, F_b, B0, N);
  ck_gradient("<w, A^-1 b>: d/dA", dA, F_A, A0, N * N);
  /* x = A^-1 b from the gradient: d/db = lambda = A^-T w, and dA = -lambda x^T. */
  double x[N];
  for (int j = 0; j < N; j++) {
    double e[N] = {0};
    e[j] = 1.0;
    x[j] = solve_dot(A0, B0, e, N);
  }
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) CHECK("dA = -lambda x^T", dA[i * N + j], -db[i] * x[j]);
  return ck_done();
}
