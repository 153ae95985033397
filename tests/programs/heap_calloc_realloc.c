// TEST: calloc'd accumulator grown with realloc (old contents and tangents must survive)
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f(double x, double y) {
  int cap = 2;
  double *buf = (double *)calloc(cap, sizeof(double)); /* zeros: inactive until written */
  buf[0] = x * y;
  buf[1] = x + y * y;
  for (int len = 2; len < 9; len++) {
    if (len == cap) {
      cap *= 2;
      buf = (double *)realloc(buf, cap * sizeof(double));
    }
    buf[len] = buf[len - 1] * 0.5 + buf[len - 2] * x;
  }
  double s = 0.0;
  for (int i = 0; i < 9; i++) s += buf[i];
  free(buf);
  return s;
}

static double gy;
static double fx(double x) { return f(x, gy); }
static double gx;
static double fy(double y) { return f(gx, y); }

int main(void) {
  gx = 0.9;
  gy = -0.6;
  CHECK("df/dx calloc+realloc", __enzyme_fwddiff((void *)f, gx, 1.0, gy, 0.0), ck_fd1(fx, gx));
  CHECK("df/dy calloc+realloc", __enzyme_fwddiff((void *)f, gx, 0.0, gy, 1.0), ck_fd1(fy, gy));
  return ck_done();
}
