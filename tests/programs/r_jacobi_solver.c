// TEST: reverse mode through a Jacobi iteration for a diagonally dominant tridiagonal system, run until the update is below a tolerance (unknown number of sweeps, two heap buffers swapped each sweep): gradient of a weighted solution in the right-hand side and the diagonal
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define N 8

static double jacobi(const double *b, double diag, int n) {
  double *x = calloc(n, sizeof(double)), *y = calloc(n, sizeof(double));
  double delta = 1.0;
  int sweeps = 0;
  while (delta > 1e-15 && sweeps < 500) {
    delta = 0.0;
    for (int i = 0; i < n; i++) {
      double s = b[i];
      if (i > 0) s += x[i - 1];
      if (i < n - 1) s += x[i + 1];
      y[i] = s / diag;
      delta = fmax(delta, fabs(y[i] - x[i]));
    }
    double *t = x;
    x = y;
    y = t;
    sweeps++;
  }
  double r = 0.0;
  for (int i = 0; i < n; i++) r += (0.5 + i) * x[i];
  free(x);
  free(y);
  return r;
}

static double B0[N] = {1.0, -0.5, 0.25, 2.0, 0.7, -1.2, 0.3, 0.9}, DIAG = 4.5;
static double F_b(double *b) { return jacobi(b, DIAG, N); }
static double jacobi_d(double d) { return jacobi(B0, d, N); }

int main(void) {
  double db[N] = {0};
  double dd = __enzyme_autodiff((void *)jacobi, enzyme_dup, B0, db, DIAG, enzyme_const, N);
  ck_gradient("Jacobi solve: d/db", db, F_b, B0, N);
  CHECK("Jacobi solve: d/ddiag", dd, ck_fd1(jacobi_d, DIAG));
  return ck_done();
}
