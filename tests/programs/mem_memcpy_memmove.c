// TEST: memcpy and memmove of active doubles (shadow copies follow the primal copies)
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);

#define N 6
static void f(const double *x, double *y) {
  double tmp[N];
  memcpy(tmp, x, sizeof tmp);
  for (int i = 0; i < N; i++) tmp[i] = tmp[i] * tmp[i] + 1.0;
  memmove(tmp + 1, tmp, (N - 1) * sizeof(double)); /* overlapping shift right */
  tmp[0] = x[N - 1] * 3.0;
  memcpy(y, tmp, sizeof tmp);
  memmove(y, y + 2, 3 * sizeof(double)); /* overlapping shift left */
}

static double X[N] = {0.5, -1.0, 1.5, 0.3, -0.8, 2.0};
static double V[N] = {1.0, 0.2, -0.5, 0.7, 0.4, -1.0};
static int OUT;
static double along(double t) {
  double x[N], y[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  f(x, y);
  return y[OUT];
}

int main(void) {
  double y[N], dy[N], dx[N], ref[N];
  for (int i = 0; i < N; i++) dx[i] = V[i];
  __enzyme_fwddiff((void *)f, X, dx, y, dy);
  f(X, ref);
  char name[48];
  for (int i = 0; i < N; i++) {
    OUT = i;
    snprintf(name, sizeof name, "primal y[%d]", i);
    CHECK_PRIMAL(name, y[i], ref[i]);
    snprintf(name, sizeof name, "tangent y[%d] after memcpy/memmove", i);
    CHECK(name, dy[i], ck_fd1(along, 0.0));
  }
  return ck_done();
}
