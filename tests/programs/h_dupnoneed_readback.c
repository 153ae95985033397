// TEST: enzyme_dupnoneed on a buffer the function writes and then reads back, and on an in-place iterated state (primal values still needed inside)
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...);

#define N 6
static double rb(const double *x, double *out) {
  for (int i = 0; i < N; i++) out[i] = x[i] * x[i];
  double s = 0.0;
  for (int i = 0; i < N - 1; i++) s += out[i] * out[i + 1] + sin(out[i]);
  out[N - 1] = s;
  return s * out[0];
}
static void iter(double *x) {
  for (int k = 0; k < 5; k++)
    for (int i = 0; i < N; i++) x[i] = x[i] * 0.9 + 0.1 * sin(x[(i + 1) % N]);
}

static double X[N] = {0.1, 0.4, -0.3, 0.8, 0.5, -0.6}, V[N] = {1.0, 0.5, -0.3, 0.2, 1.0, 0.4};
static int WHICH, OUT;
static double along(double t) {
  double x[N], o[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  if (WHICH == 0) {
    double r = rb(x, o);
    return OUT < 0 ? r : o[OUT];
  }
  iter(x);
  return x[OUT];
}

int main(void) {
  double dx[N], o[N], dout[N];
  for (int i = 0; i < N; i++) {
    dx[i] = V[i];
    o[i] = 123.0; /* stale contents must not leak into the derivative */
  }
  char name[48];
  WHICH = 0;
  double d = __enzyme_fwddiff_d((void *)rb, X, dx, enzyme_dupnoneed, o, dout);
  OUT = -1;
  CHECK("write-then-read buffer (dupnoneed): d return", d, ck_fd1(along, 0.0));
  for (OUT = 0; OUT < N; OUT += 5) {
    snprintf(name, sizeof name, "write-then-read (dupnoneed): d out[%d]", OUT);
    CHECK(name, dout[OUT], ck_fd1(along, 0.0));
  }
  WHICH = 1;
  double y[N];
  for (int i = 0; i < N; i++) y[i] = X[i];
  __enzyme_fwddiff((void *)iter, enzyme_dupnoneed, y, dx);
  for (OUT = 0; OUT < N; OUT += 2) {
    snprintf(name, sizeof name, "in-place iteration (dupnoneed): d x[%d]", OUT);
    CHECK(name, dx[OUT], ck_fd1(along, 0.0));
  }
  return ck_done();
}
