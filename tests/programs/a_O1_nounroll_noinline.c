// TEST: built with -O1 -fno-unroll-loops -fno-inline -g at every level: loops with data-dependent trips, helpers kept as calls, marker calls in a helper
// CFLAGS: -O1 -fno-unroll-loops -fno-inline -g
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double horner(const double *c, int n, double x) {
  double r = 0;
  for (int i = n - 1; i >= 0; i--) r = r * x + c[i];
  return r;
}
static double smooth(double x) { return x / sqrt(1.0 + x * x); }
static double model(double x, const double *c, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += smooth(horner(c, i + 1, x) * 0.5);
  return s;
}
static double C[6] = {0.3, -0.2, 0.5, 0.1, -0.05, 0.02}, DC[6] = {1, 0, -1, 0.5, 0, 2};
static double VX;
static double along(double t) {
  double c[6];
  for (int i = 0; i < 6; i++) c[i] = C[i] + t * DC[i];
  return model(0.9 + t * VX, c, 6);
}
static double jvp(double x, double vx, double *dc, int n) { return __enzyme_fwddiff((void *)model, x, vx, C, dc, n); }

int main(void) {
  double dc[6];
  memcpy(dc, DC, sizeof dc);
  volatile int n = 6;
  VX = 0.5;
  CHECK("jvp x and c", jvp(0.9, 0.5, dc, n), ck_fd1(along, 0.0));
  memset(dc, 0, sizeof dc);
  memset(DC, 0, sizeof DC);
  VX = 1.0;
  CHECK("d/dx only", jvp(0.9, 1.0, dc, n), ck_fd1(along, 0.0));
  return ck_done();
}
