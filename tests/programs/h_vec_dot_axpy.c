// TEST: -O3 loop-vectorized dot product, axpy and weighted sum over length 13 (not a multiple of the vector width)
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);

#define N 13
/* out[i] = a*x[i] + y[i]; returns dot(x, y) + sum(w[i]*out[i]) through *res. */
static void kernel(const double *x, const double *y, double a, const double *w, double *out,
                   double *res, int n) {
  double dot = 0.0;
  for (int i = 0; i < n; i++) dot += x[i] * y[i];
  for (int i = 0; i < n; i++) out[i] = a * x[i] + y[i];
  double s = 0.0;
  for (int i = 0; i < n; i++) s += w[i] * out[i];
  *res = dot + s;
}

static double X[N], Y[N], W[N], A = 0.75;
static double VX[N], VY[N], VW[N], VA;
static int OUT; /* -1: res, else out[OUT] */
static double along(double t) {
  double x[N], y[N], w[N], o[N], r;
  for (int i = 0; i < N; i++) {
    x[i] = X[i] + t * VX[i];
    y[i] = Y[i] + t * VY[i];
    w[i] = W[i] + t * VW[i];
  }
  kernel(x, y, A + t * VA, w, o, &r, N);
  return OUT < 0 ? r : o[OUT];
}

int main(void) {
  for (int i = 0; i < N; i++) {
    X[i] = 0.3 + 0.11 * i;
    Y[i] = 1.0 - 0.07 * i * i / N;
    W[i] = sin(0.5 * i);
    VX[i] = cos(1.3 * i);
    VY[i] = 0.2 * (i % 3) - 0.1;
    VW[i] = (i & 1) ? 0.5 : -0.25;
  }
  VA = 0.6;
  double dx[N], dy[N], dw[N], o[N], dout[N], r, dr = 0.0;
  for (int i = 0; i < N; i++) {
    dx[i] = VX[i];
    dy[i] = VY[i];
    dw[i] = VW[i];
  }
  __enzyme_fwddiff((void *)kernel, X, dx, Y, dy, A, VA, W, dw, o, dout, &r, &dr,
                   enzyme_const, N);
  OUT = -1;
  CHECK("d res (dot + weighted axpy)", dr, ck_fd1(along, 0.0));
  char name[48];
  for (OUT = 0; OUT < N; OUT += 3) {
    snprintf(name, sizeof name, "d out[%d]", OUT);
    CHECK(name, dout[OUT], ck_fd1(along, 0.0));
  }
  OUT = N - 1;
  CHECK("d out[last]", dout[OUT], ck_fd1(along, 0.0));
  return ck_done();
}
