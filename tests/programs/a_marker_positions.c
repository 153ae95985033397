// TEST: ABI 3.3 marker positions: an explicit marker before every parameter, several markers before one parameter, enzyme_width first / middle / last-before-final-param
#include "include/catalase_check.h"

typedef struct { double d[2]; } d2;
double __enzyme_fwddiff(void *, ...);
d2 __enzyme_fwddiff_w2(void *, ...);

static double g(double a, const double *p, int n, double b) {
  double r = a * b;
  for (int i = 0; i < n; i++) r += p[i] * a + sin(p[i] * b);
  return r;
}

static double A = 0.7, B = -1.3, P[3] = {0.4, 1.1, -0.6};
static double VA, VB, VP[3];
static double along(double t) {
  double p[3];
  for (int i = 0; i < 3; i++) p[i] = P[i] + t * VP[i];
  return g(A + t * VA, p, 3, B + t * VB);
}
static void set_dir(double va, double vb, double v0, double v1, double v2) {
  VA = va; VB = vb; VP[0] = v0; VP[1] = v1; VP[2] = v2;
}

int main(void) {
  double dp1[3] = {1.0, 0.0, -2.0}, dp2[3] = {0.0, 0.5, 1.0};
  /* Explicit marker before every parameter. */
  double d = __enzyme_fwddiff((void *)g, enzyme_dup, A, 0.5, enzyme_dup, P, dp1, enzyme_const, 3,
                              enzyme_dup, B, 2.0);
  set_dir(0.5, 2.0, 1.0, 0.0, -2.0);
  CHECK("marker before every param", d, ck_fd1(along, 0.0));
  /* Repeated markers before one param: the last one wins (dup after const). */
  d = __enzyme_fwddiff((void *)g, enzyme_const, enzyme_dup, A, 1.0, P, dp2, 3, enzyme_const, B);
  set_dir(1.0, 0.0, 0.0, 0.5, 1.0);
  CHECK("two markers before one param", d, ck_fd1(along, 0.0));
  /* Width first. */
  d2 w = __enzyme_fwddiff_w2((void *)g, enzyme_width, 2, A, 1.0, 0.0, P, dp1, dp2, 3, B, 0.0, 1.0);
  set_dir(1.0, 0.0, 1.0, 0.0, -2.0);
  CHECK("width first lane0", w.d[0], ck_fd1(along, 0.0));
  set_dir(0.0, 1.0, 0.0, 0.5, 1.0);
  CHECK("width first lane1", w.d[1], ck_fd1(along, 0.0));
  /* Width in the middle (after the first two params). */
  w = __enzyme_fwddiff_w2((void *)g, A, 1.0, 0.0, P, dp1, dp2, enzyme_width, 2, 3, B, 0.0, 1.0);
  set_dir(1.0, 0.0, 1.0, 0.0, -2.0);
  CHECK("width middle lane0", w.d[0], ck_fd1(along, 0.0));
  set_dir(0.0, 1.0, 0.0, 0.5, 1.0);
  CHECK("width middle lane1", w.d[1], ck_fd1(along, 0.0));
  /* Width just before the last parameter, mixed with a dup marker. */
  w = __enzyme_fwddiff_w2((void *)g, enzyme_dup, A, 0.0, 1.0, enzyme_const, P, enzyme_const, 3,
                          enzyme_width, 2, enzyme_dup, B, 1.0, 0.0);
  set_dir(0.0, 1.0, 0.0, 0.0, 0.0);
  CHECK("width last lane0", w.d[0], ck_fd1(along, 0.0));
  set_dir(1.0, 0.0, 0.0, 0.0, 0.0);
  CHECK("width last lane1", w.d[1], ck_fd1(along, 0.0));
  return ck_done();
}
