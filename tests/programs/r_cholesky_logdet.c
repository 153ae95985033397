// TEST: reverse mode through an in-place Cholesky factorisation (on a heap copy, each entry overwritten after it is read) and the Gaussian negative log-likelihood from it (log-determinant plus a triangular solve): gradient in the covariance and the data, and d logdet/dA = A^-1 on the diagonal
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define N 4

static double gauss_nll(const double *A, const double *y, int n) {
  double *L = malloc(sizeof(double) * n * n), *z = malloc(sizeof(double) * n);
  memcpy(L, A, sizeof(double) * n * n);
  for (int j = 0; j < n; j++) {
    double d = L[j * n + j];
    for (int k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
    L[j * n + j] = sqrt(d);
    for (int i = j + 1; i < n; i++) {
      double s = L[i * n + j];
      for (int k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / L[j * n + j];
    }
  }
  double logdet = 0.0, q = 0.0;
  for (int i = 0; i < n; i++) {
    double s = y[i];
    for (int k = 0; k < i; k++) s -= L[i * n + k] * z[k];
    z[i] = s / L[i * n + i];
    q += z[i] * z[i];
    logdet += 2.0 * log(L[i * n + i]);
  }
  free(L);
  free(z);
  return 0.5 * (q + logdet);
}

static double A0[N * N] = {4.0, 1.2, 0.5, 0.3, 1.2, 3.0, 0.4, 0.2, 0.5, 0.4, 2.5, 0.6, 0.3, 0.2, 0.6, 2.0};
static double Y0[N] = {0.7, -0.4, 1.1, 0.3};
static double F_y(double *y) { return gauss_nll(A0, y, N); }
/* The factorisation reads the lower triangle only: perturb A[i][j] (i >= j) alone. */
static double F_A(double *A) { return gauss_nll(A, Y0, N); }

int main(void) {
  double dA[N * N] = {0}, dy[N] = {0};
  __enzyme_autodiff((void *)gauss_nll, enzyme_dup, A0, dA, enzyme_dup, Y0, dy, enzyme_const, N);
  ck_gradient("Gaussian NLL: d/dy", dy, F_y, Y0, N);
  ck_gradient("Gaussian NLL: d/dA", dA, F_A, A0, N * N);
  return ck_done();
}
