// TEST: enzyme_dupnoneed on output buffers (primal unneeded), on an in/out buffer, and with width 2; tangents still exact
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...);

#define N 7
/* out[i] = tanh(a*x[i] + b); returns the sum of out (active return). */
static double act(const double *x, double a, double b, double *out) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    out[i] = tanh(a * x[i] + b);
    s += out[i];
  }
  return s;
}
/* In/out: x[i] = x[i]^2 - x[(i+1)%N] computed through a temp copy. */
static void mix(double *x) {
  double t[N];
  for (int i = 0; i < N; i++) t[i] = x[i];
  for (int i = 0; i < N; i++) x[i] = t[i] * t[i] - t[(i + 1) % N] * 0.5;
}

static double X[N], V[N];
static int WHICH, OUT;
static double along(double t) {
  double x[N], o[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  if (WHICH == 0) {
    double s = act(x, 1.3 + 0.2 * t, -0.1 + 0.5 * t, o);
    return OUT < 0 ? s : o[OUT];
  }
  mix(x);
  return x[OUT];
}

int main(void) {
  for (int i = 0; i < N; i++) {
    X[i] = 0.1 * i - 0.3;
    V[i] = cos(1.7 * i);
  }
  double dx[N], o[N], dout[N];
  for (int i = 0; i < N; i++) dx[i] = V[i];
  char name[48];
  WHICH = 0;
  double ds = __enzyme_fwddiff_d((void *)act, X, dx, 1.3, 0.2, -0.1, 0.5, enzyme_dupnoneed, o, dout);
  OUT = -1;
  CHECK("act (out dupnoneed): d sum", ds, ck_fd1(along, 0.0));
  for (OUT = 0; OUT < N; OUT += 2) {
    snprintf(name, sizeof name, "act (out dupnoneed): d out[%d]", OUT);
    CHECK(name, dout[OUT], ck_fd1(along, 0.0));
  }
  WHICH = 1;
  double x[N];
  for (int i = 0; i < N; i++) {
    x[i] = X[i];
    dx[i] = V[i];
  }
  __enzyme_fwddiff((void *)mix, enzyme_dupnoneed, x, dx);
  for (OUT = 0; OUT < N; OUT += 3) {
    snprintf(name, sizeof name, "mix (in/out dupnoneed): d x[%d]", OUT);
    CHECK(name, dx[OUT], ck_fd1(along, 0.0));
  }
  /* Width 2 + dupnoneed: lane 0 = V, lane 1 = unit vector e_2. */
  double xa[N], d0[N], d1[N];
  for (int i = 0; i < N; i++) {
    xa[i] = X[i];
    d0[i] = V[i];
    d1[i] = (i == 2) ? 1.0 : 0.0;
  }
  __enzyme_fwddiff((void *)mix, enzyme_width, 2, enzyme_dupnoneed, xa, d0, d1);
  for (OUT = 0; OUT < N; OUT += 3) {
    snprintf(name, sizeof name, "width2 dupnoneed lane0: d x[%d]", OUT);
    CHECK(name, d0[OUT], ck_fd1(along, 0.0));
  }
  for (int i = 0; i < N; i++) V[i] = (i == 2) ? 1.0 : 0.0;
  for (OUT = 0; OUT < N; OUT += 3) {
    snprintf(name, sizeof name, "width2 dupnoneed lane1: d x[%d]", OUT);
    CHECK(name, d1[OUT], ck_fd1(along, 0.0));
  }
  return ck_done();
}
