// TEST: in-place overwrite of the input array (x[i] = h(x[i], x[i-1])) with its shadow updated in place
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);

#define N 6
static void f(double *x) {
  for (int i = 1; i < N; i++) x[i] = x[i] * x[i - 1] + cos(x[i]);
  x[0] = x[0] * x[N - 1];
}

static double X[N] = {0.4, 1.1, -0.6, 0.8, 1.3, -0.2};
static double V[N] = {0.3, -1.0, 0.5, 0.2, -0.7, 1.0};
static int OUT;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  f(x);
  return x[OUT];
}

int main(void) {
  double x[N], dx[N], ref[N];
  for (int i = 0; i < N; i++) { x[i] = ref[i] = X[i]; dx[i] = V[i]; }
  __enzyme_fwddiff((void *)f, x, dx);
  f(ref);
  char name[48];
  for (int i = 0; i < N; i++) {
    OUT = i;
    snprintf(name, sizeof name, "primal x[%d] after", i);
    CHECK_PRIMAL(name, x[i], ref[i]);
    snprintf(name, sizeof name, "tangent dx[%d] after", i);
    CHECK(name, dx[i], ck_fd1(along, 0.0));
  }
  return ck_done();
}
