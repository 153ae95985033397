// TEST: malloc'd temporary holding active intermediates, freed before return
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f(const double *x, int n) {
  double *tmp = (double *)malloc(n * sizeof(double));
  for (int i = 0; i < n; i++) tmp[i] = exp(0.3 * x[i]) * x[(i + 1) % n];
  double s = 0.0;
  for (int i = n - 1; i >= 0; i--) s = s * 0.5 + tmp[i];
  free(tmp);
  return s;
}

#define N 7
static double X[N] = {0.1, 0.5, -0.4, 1.2, 0.8, -1.0, 0.6};
static double V[N] = {1, -0.5, 0.3, 0.2, -0.1, 0.7, 0.4};
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  return f(x, N);
}

int main(void) {
  double dx[N];
  for (int i = 0; i < N; i++) dx[i] = V[i];
  CHECK("directional derivative with malloc temp",
        __enzyme_fwddiff((void *)f, X, dx, N), ck_fd1(along, 0.0));
  return ck_done();
}
