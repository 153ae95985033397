// TEST: enzyme_dupv with a byte stride: one shadow base pointer, lane v at base + v*stride bytes (width 3)
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);

#define N 3
static void f(const double *x, double *y) {
  y[0] = x[0] * x[1];
  y[1] = sin(x[2]) + x[0];
  y[2] = x[1] * x[1] * x[2];
}

static double X[N] = {0.5, -1.2, 0.9};
static int K, OUT;
static double along(double t) {
  double x[N], y[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + (i == K ? t : 0.0);
  f(x, y);
  return y[OUT];
}

int main(void) {
  /* Lanes laid out with padding: lane v occupies row v of a [3][4] array (stride 32 bytes). */
  double dx[N][4] = {{0}}, dy[N][4];
  for (int v = 0; v < N; v++) {
    dx[v][v] = 1.0;
    dx[v][3] = 1234.0; /* padding: never read */
    dy[v][3] = -7.0;   /* padding: must stay untouched */
  }
  double y[N];
  long stride = sizeof dx[0];
  __enzyme_fwddiff((void *)f, enzyme_width, 3, enzyme_dupv, stride, X, &dx[0][0],
                   enzyme_dupv, stride, y, &dy[0][0]);
  char name[48];
  for (K = 0; K < N; K++)
    for (OUT = 0; OUT < N; OUT++) {
      snprintf(name, sizeof name, "lane%d dy[%d]/dx[%d]", K, OUT, K);
      CHECK(name, dy[K][OUT], ck_fd1(along, 0.0));
    }
  CHECK_PRIMAL("padding after lane 1 untouched", dy[1][3], -7.0);
  return ck_done();
}
