// TEST: writes through a dup output pointer: y[i] = g(x[i], x[i+1]); the output shadow holds the tangent
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);

#define N 5
static void f(const double *x, double *y) {
  for (int i = 0; i < N - 1; i++) y[i] = x[i] * x[i + 1] - sin(x[i]);
  y[N - 1] = x[N - 1] * x[0];
}

static double X[N] = {0.5, 1.5, -0.7, 2.0, 0.9};
static double V[N] = {1.0, -0.5, 0.25, 0.75, -1.0};
static int OUT;
static double along(double t) {
  double x[N], y[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  f(x, y);
  return y[OUT];
}

int main(void) {
  double y[N], dy[N], dx[N];
  for (int i = 0; i < N; i++) { dx[i] = V[i]; y[i] = dy[i] = -99.0; }
  __enzyme_fwddiff((void *)f, enzyme_dup, X, dx, enzyme_dup, y, dy);
  double yref[N];
  f(X, yref);
  char name[48];
  for (int i = 0; i < N; i++) {
    OUT = i;
    snprintf(name, sizeof name, "primal y[%d] written", i);
    CHECK_PRIMAL(name, y[i], yref[i]);
    snprintf(name, sizeof name, "tangent dy[%d]", i);
    CHECK(name, dy[i], ck_fd1(along, 0.0));
  }
  return ck_done();
}
