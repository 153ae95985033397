// TEST: markers passed by address (&enzyme_dup, &enzyme_const, &enzyme_width) instead of by value, mixed with by-value markers
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
typedef struct { double d[3]; } d3;
d3 __enzyme_fwddiff_3(void *, ...);

static double f(double x, const double *p, double y) { return x * p[0] * p[0] + cos(y * p[1]) + x * y; }
static double X = 0.6, Y = -1.1, P[2] = {1.5, 0.7};
static double VX, VY, VP[2];
static double along(double t) {
  double p[2] = {P[0] + t * VP[0], P[1] + t * VP[1]};
  return f(X + t * VX, p, Y + t * VY);
}

int main(void) {
  double dp[2] = {0.5, -1.0};
  double d = __enzyme_fwddiff((void *)f, &enzyme_dup, X, 1.0, &enzyme_dup, P, dp, &enzyme_const, Y);
  VX = 1.0; VY = 0; VP[0] = 0.5; VP[1] = -1.0;
  CHECK("&enzyme_dup / &enzyme_const", d, ck_fd1(along, 0.0));
  d = __enzyme_fwddiff((void *)f, &enzyme_const, X, enzyme_const, P, &enzyme_dupnoneed, Y, 1.0);
  VX = 0; VY = 1.0; VP[0] = 0; VP[1] = 0;
  CHECK("&enzyme_dupnoneed on double", d, ck_fd1(along, 0.0));
  double e0[2] = {1, 0}, e1[2] = {0, 1}, e2[2] = {0, 0};
  d3 w = __enzyme_fwddiff_3((void *)f, &enzyme_width, 3, X, 0.0, 0.0, 1.0, P, e0, e1, e2, Y, 0.0, 0.0, 0.0);
  VX = 0; VY = 0; VP[0] = 1; VP[1] = 0;
  CHECK("&enzyme_width lane0", w.d[0], ck_fd1(along, 0.0));
  VP[0] = 0; VP[1] = 1;
  CHECK("&enzyme_width lane1", w.d[1], ck_fd1(along, 0.0));
  VP[1] = 0; VX = 1;
  CHECK("&enzyme_width lane2", w.d[2], ck_fd1(along, 0.0));
  return ck_done();
}
