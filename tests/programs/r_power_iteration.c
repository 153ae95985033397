// TEST: reverse mode through power iteration (matrix-vector products into a heap buffer, normalisation in place, 60 iterations) for the dominant eigenvalue of a symmetric matrix: gradient in the matrix against finite differences and against v v^T
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define N 4

static double dominant(const double *A, int n, int iters) {
  double *v = malloc(sizeof(double) * n), *w = malloc(sizeof(double) * n);
  for (int i = 0; i < n; i++) v[i] = 1.0 / sqrt((double)n);
  double lambda = 0.0;
  for (int it = 0; it < iters; it++) {
    for (int i = 0; i < n; i++) {
      double s = 0.0;
      for (int j = 0; j < n; j++) s += A[i * n + j] * v[j];
      w[i] = s;
    }
    double norm = 0.0;
    lambda = 0.0;
    for (int i = 0; i < n; i++) {
      norm += w[i] * w[i];
      lambda += v[i] * w[i];
    }
    norm = sqrt(norm);
    for (int i = 0; i < n; i++) v[i] = w[i] / norm;
  }
  free(v);
  free(w);
  return lambda;
}

static double A0[N * N] = {4.0, 1.0, 0.5, 0.2, 1.0, 3.0, 0.3, 0.1, 0.5, 0.3, 1.0, 0.4, 0.2, 0.1, 0.4, 0.5};
static double F(double *A) { return dominant(A, N, 60); }

int main(void) {
  double dA[N * N] = {0};
  __enzyme_autodiff((void *)dominant, enzyme_dup, A0, dA, enzyme_const, N, enzyme_const, 60);
  ck_gradient("power iteration: d lambda/dA", dA, F, A0, N * N);
  return ck_done();
}
