// TEST: reads through a dup pointer: weighted sum of squares (shadow array as tangent)
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

#define N 6
static double f(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += (i + 1) * x[i] * x[i] + x[i] * x[(i + 1) % n];
  return s;
}

static double X[N] = {0.3, -1.2, 0.8, 2.1, -0.4, 1.0};
static double V[N];
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  return f(x, N);
}

int main(void) {
  double dx[N];
  char name[48];
  for (int k = 0; k < N; k++) {
    for (int i = 0; i < N; i++) V[i] = dx[i] = (i == k);
    double d = __enzyme_fwddiff((void *)f, enzyme_dup, X, dx, enzyme_const, N);
    snprintf(name, sizeof name, "df/dx[%d]", k);
    CHECK(name, d, ck_fd1(along, 0.0));
  }
  for (int i = 0; i < N; i++) V[i] = dx[i] = 0.5 - 0.3 * i;
  CHECK("df.v (mixed direction)", __enzyme_fwddiff((void *)f, X, dx, N), ck_fd1(along, 0.0));
  return ck_done();
}
