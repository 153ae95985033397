// TEST: memset clears active memory (tangent zeroed too) before partial refill
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);

#define N 8
static void f(double *x, int keep) {
  double a = x[0] * x[1];
  memset(x + keep, 0, (N - keep) * sizeof(double));
  x[N - 1] = a * a;
  for (int i = 0; i < keep; i++) x[i] = x[i] * (double)(i + 1) + a;
}

static double X[N] = {1.2, -0.7, 0.4, 2.0, -1.1, 0.9, 0.3, 1.5};
static double V[N] = {0.5, 1.0, -0.3, 0.8, 0.2, -0.6, 1.1, 0.4};
static int OUT;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  f(x, 3);
  return x[OUT];
}

int main(void) {
  double x[N], dx[N];
  for (int i = 0; i < N; i++) { x[i] = X[i]; dx[i] = V[i]; }
  __enzyme_fwddiff((void *)f, enzyme_dup, x, dx, enzyme_const, 3);
  char name[48];
  for (int i = 0; i < N; i++) {
    OUT = i;
    snprintf(name, sizeof name, "tangent x[%d] after memset", i);
    CHECK(name, dx[i], ck_fd1(along, 0.0));
  }
  return ck_done();
}
