// TEST: enzyme_width 4 with a dup pointer (4 shadow pointers) and a v4 (sret-size) struct return
#include "include/catalase_check.h"

typedef struct { double d[4]; } v4;
v4 __enzyme_fwddiff(void *, ...);

#define N 4
static double f(const double *x, double s) {
  double r = 0.0;
  for (int i = 0; i < N; i++) r += x[i] * x[(i + 1) % N] * s + cos(x[i]);
  return r;
}

static double X[N] = {0.2, -0.9, 1.4, 0.6};
static int K;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + (i == K ? t : 0.0);
  return f(x, 1.5);
}

int main(void) {
  /* Lane k seeds the unit vector e_k: the four lanes give the gradient. */
  double d0[N] = {1, 0, 0, 0}, d1[N] = {0, 1, 0, 0}, d2[N] = {0, 0, 1, 0}, d3[N] = {0, 0, 0, 1};
  v4 g = __enzyme_fwddiff((void *)f, enzyme_width, 4, enzyme_dup, X, d0, d1, d2, d3,
                          1.5, 0.0, 0.0, 0.0, 0.0);
  char name[48];
  for (K = 0; K < N; K++) {
    snprintf(name, sizeof name, "lane%d df/dx[%d]", K, K);
    CHECK(name, g.d[K], ck_fd1(along, 0.0));
  }
  return ck_done();
}
