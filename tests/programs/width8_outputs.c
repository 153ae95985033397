// TEST: enzyme_width 8: a Jacobian column block written through 8 output shadows, plus a v8 return
#include "include/catalase_check.h"

typedef struct { double d[8]; } v8;
v8 __enzyme_fwddiff(void *, ...);

#define N 8
/* y = tanh(A x) elementwise, returns sum(y) */
static double f(const double *x, double *y) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    double a = 0.0;
    for (int j = 0; j < N; j++) a += (double)((i + 2 * j) % 5 - 2) * 0.3 * x[j];
    y[i] = tanh(a) + 0.1 * x[i] * x[i];
    s += y[i];
  }
  return s;
}

static double X[N] = {0.1, -0.2, 0.3, 0.4, -0.5, 0.6, -0.7, 0.8};
static int K, OUT;
static double along(double t) {
  double x[N], y[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + (i == K ? t : 0.0);
  double s = f(x, y);
  return OUT < 0 ? s : y[OUT];
}

int main(void) {
  double dx[N][N] = {{0}}, dy[N][N], y[N];
  for (int k = 0; k < N; k++) dx[k][k] = 1.0;
  v8 g = __enzyme_fwddiff((void *)f, enzyme_width, 8,
                          enzyme_dup, X, dx[0], dx[1], dx[2], dx[3], dx[4], dx[5], dx[6], dx[7],
                          enzyme_dup, y, dy[0], dy[1], dy[2], dy[3], dy[4], dy[5], dy[6], dy[7]);
  char name[48];
  for (K = 0; K < N; K++) {
    OUT = -1;
    snprintf(name, sizeof name, "lane%d d sum/dx[%d]", K, K);
    CHECK(name, g.d[K], ck_fd1(along, 0.0));
    for (OUT = 0; OUT < N; OUT += 3) {
      snprintf(name, sizeof name, "lane%d dy[%d]/dx[%d]", K, OUT, K);
      CHECK(name, dy[K][OUT], ck_fd1(along, 0.0));
    }
  }
  return ck_done();
}
