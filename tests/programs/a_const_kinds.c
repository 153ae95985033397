// TEST: enzyme_const on an int, a pointer and a double, each alone and all together, compared with partial finite differences
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double h(double x, const double *c, long k, double y) {
  double r = 0.0;
  for (long i = 0; i < k; i++) r += c[i] * pow(x, (double)(i + 1)) * cos(y * c[i]);
  return r + x * y;
}

static double X = 0.8, Y = 1.4, C[4] = {0.3, -1.2, 0.9, 2.0};
static double VX, VY, VC[4];
static double along(double t) {
  double c[4];
  for (int i = 0; i < 4; i++) c[i] = C[i] + t * VC[i];
  return h(X + t * VX, c, 4, Y + t * VY);
}

int main(void) {
  double dc[4] = {1.0, -1.0, 0.5, 0.25};
  /* const int (explicit), everything else dup. */
  double d = __enzyme_fwddiff((void *)h, X, 1.0, C, dc, enzyme_const, 4L, Y, 1.0);
  VX = 1.0; VY = 1.0; memcpy(VC, dc, sizeof VC);
  CHECK("const int, x/c/y dup", d, ck_fd1(along, 0.0));
  /* const pointer. */
  d = __enzyme_fwddiff((void *)h, X, 1.0, enzyme_const, C, 4L, Y, -0.5);
  VX = 1.0; VY = -0.5; memset(VC, 0, sizeof VC);
  CHECK("const pointer", d, ck_fd1(along, 0.0));
  /* const double first. */
  d = __enzyme_fwddiff((void *)h, enzyme_const, X, C, dc, 4L, Y, 1.0);
  VX = 0.0; VY = 1.0; memcpy(VC, dc, sizeof VC);
  CHECK("const x", d, ck_fd1(along, 0.0));
  /* const double last. */
  d = __enzyme_fwddiff((void *)h, X, 2.0, C, dc, 4L, enzyme_const, Y);
  VX = 2.0; VY = 0.0; memcpy(VC, dc, sizeof VC);
  CHECK("const y", d, ck_fd1(along, 0.0));
  /* only pointer active. */
  d = __enzyme_fwddiff((void *)h, enzyme_const, X, enzyme_dup, C, dc, enzyme_const, 4L, enzyme_const, Y);
  VX = 0.0; VY = 0.0; memcpy(VC, dc, sizeof VC);
  CHECK("only pointer active", d, ck_fd1(along, 0.0));
  /* everything const: derivative is 0. */
  d = __enzyme_fwddiff((void *)h, enzyme_const, X, enzyme_const, C, enzyme_const, 4L, enzyme_const, Y);
  CHECK("all const -> 0", d, 0.0);
  return ck_done();
}
