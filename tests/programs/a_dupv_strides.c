// TEST: enzyme_dupv with stride equal to the element size (contiguous lanes), larger strides, a runtime stride, and enzyme_dupnoneedv
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);

static void f(const double *x, double *y) {
  y[0] = x[0] * x[1] + x[1];
  y[1] = exp(0.5 * x[0]) * x[1];
}

static double X[2] = {0.3, -0.9};
static int K, OUT;
static double along(double t) {
  double x[2], y[2];
  x[0] = X[0] + (K == 0 ? t : 0.0);
  x[1] = X[1] + (K == 1 ? t : 0.0);
  f(x, y);
  return y[OUT];
}

static volatile long runtime_stride = 5 * sizeof(double);

int main(void) {
  char name[64];
  double y[2];
  /* Scalar-like: f on one element, dupv stride == sizeof(double): shadows are
     dx[0..1] lanes contiguous for the FIRST element only is not meaningful for a
     2-element input, so use a 1-element view: f1(x) = x*x. */
  {
    /* lanes of a 2-vector, laid out lane-major with stride 2*sizeof(double) (no padding) */
    double dx[2][2] = {{1, 0}, {0, 1}}, dy[2][2];
    __enzyme_fwddiff((void *)f, enzyme_width, 2, enzyme_dupv, (long)sizeof dx[0], X, &dx[0][0],
                     enzyme_dupv, (long)sizeof dy[0], y, &dy[0][0]);
    for (K = 0; K < 2; K++)
      for (OUT = 0; OUT < 2; OUT++) {
        snprintf(name, sizeof name, "stride 16 lane%d y%d", K, OUT);
        CHECK(name, dy[K][OUT], ck_fd1(along, 0.0));
      }
  }
  {
    /* runtime stride 40 bytes, width 3, dupnoneedv on output */
    double dx[3][5], dy[3][5];
    for (int v = 0; v < 3; v++)
      for (int j = 0; j < 5; j++) { dx[v][j] = 99.0; dy[v][j] = -5.0; }
    dx[0][0] = 1; dx[0][1] = 0; dx[1][0] = 0; dx[1][1] = 1; dx[2][0] = 1; dx[2][1] = 1;
    __enzyme_fwddiff((void *)f, enzyme_width, 3, enzyme_dupv, runtime_stride, X, &dx[0][0],
                     enzyme_dupnoneedv, runtime_stride, y, &dy[0][0]);
    for (K = 0; K < 2; K++)
      for (OUT = 0; OUT < 2; OUT++) {
        snprintf(name, sizeof name, "runtime stride 40 lane%d y%d", K, OUT);
        CHECK(name, dy[K][OUT], ck_fd1(along, 0.0));
      }
    for (OUT = 0; OUT < 2; OUT++) {
      double s = 0;
      for (K = 0; K < 2; K++) s += ck_fd1(along, 0.0);
      snprintf(name, sizeof name, "runtime stride lane2 y%d", OUT);
      CHECK(name, dy[2][OUT], s);
    }
    CHECK_PRIMAL("padding untouched", dy[1][4], -5.0);
  }
  {
    /* stride == element size with a scalar pointer function: g(p) = p[0]^3 in place */
    extern void cube_inplace(double *);
    double p = 1.3, dp[4] = {1.0, 2.0, -1.0, 0.5};
    __enzyme_fwddiff((void *)cube_inplace, enzyme_width, 4, enzyme_dupv, (long)sizeof(double), &p, dp);
    double want = 3 * 1.3 * 1.3;
    CHECK_PRIMAL("primal written", p, 1.3 * 1.3 * 1.3);
    CHECK("stride 8 lane0", dp[0], want * 1.0);
    CHECK("stride 8 lane1", dp[1], want * 2.0);
    CHECK("stride 8 lane2", dp[2], want * -1.0);
    CHECK("stride 8 lane3", dp[3], want * 0.5);
  }
  return ck_done();
}
void cube_inplace(double *p) { p[0] = p[0] * p[0] * p[0]; }
