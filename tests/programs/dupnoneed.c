// TEST: enzyme_dupnoneed output pointer: only its tangent is required (primal contents unspecified)
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);

#define N 5
static void f(const double *x, double *out) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    s += x[i] * x[i];
    out[i] = s * x[i] + exp(-x[i]);
  }
}

static double X[N] = {0.3, -0.6, 1.2, 0.8, -1.4};
static double V[N] = {1.0, 0.5, -0.2, 0.3, 0.7};
static int OUT;
static double along(double t) {
  double x[N], o[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  f(x, o);
  return o[OUT];
}

int main(void) {
  double out[N], dout[N], dx[N];
  for (int i = 0; i < N; i++) dx[i] = V[i];
  __enzyme_fwddiff((void *)f, enzyme_dup, X, dx, enzyme_dupnoneed, out, dout);
  char name[48];
  for (int i = 0; i < N; i++) {
    OUT = i;
    snprintf(name, sizeof name, "tangent out[%d] (dupnoneed)", i);
    CHECK(name, dout[i], ck_fd1(along, 0.0));
  }
  /* The input primal must be untouched, its shadow too. */
  CHECK_PRIMAL("input x[2] unchanged", X[2], 1.2);
  CHECK_PRIMAL("input shadow dx[2] unchanged", dx[2], -0.2);
  return ck_done();
}
