// TEST: function-local (alloca) arrays holding active intermediates, with variable indexing
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f(double x, double y, int k) {
  double t[10];
  t[0] = x;
  t[1] = y;
  for (int i = 2; i < 10; i++) t[i] = 0.5 * t[i - 1] * t[i - 2] + sin(t[i - 1]);
  double acc[3] = {0.0, 0.0, 0.0};
  for (int i = 0; i < 10; i++) acc[i % 3] += t[i];
  return acc[0] * acc[1] - acc[2] + t[k];
}

static double gy;
static int gk;
static double fx(double x) { return f(x, gy, gk); }
static double gx;
static double fy(double y) { return f(gx, y, gk); }

int main(void) {
  gx = 0.8; gy = -0.4;
  const int ks[] = {3, 9};
  for (int i = 0; i < 2; i++) {
    gk = ks[i];
    char name[48];
    snprintf(name, sizeof name, "df/dx local array (k=%d)", gk);
    CHECK(name, __enzyme_fwddiff((void *)f, gx, 1.0, gy, 0.0, gk), ck_fd1(fx, gx));
    snprintf(name, sizeof name, "df/dy local array (k=%d)", gk);
    CHECK(name, __enzyme_fwddiff((void *)f, gx, 0.0, gy, 1.0, gk), ck_fd1(fy, gy));
  }
  return ck_done();
}
