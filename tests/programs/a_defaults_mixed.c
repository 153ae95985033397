// TEST: ABI 3.4 default activities mixed with explicit markers in one call: double -> value+tangent, pointer -> shadow, int -> none, with enzyme_const/enzyme_dup on some params only; also at width 2
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
typedef struct { double d[2]; } d2;
d2 __enzyme_fwddiff_2(void *, ...);

static double f(int n, double a, const double *u, double b, unsigned m, double *v) {
  double r = 0.0;
  for (int i = 0; i < n; i++) {
    v[i] = u[i] * a + b * (double)(m + i);
    r += v[i] * v[i];
  }
  return r + a / b;
}

static double A = 1.3, B = 2.1, U[3] = {0.5, -0.25, 1.5};
static double VA, VB, VU[3];
static int OUT = -1;
static double along(double t) {
  double u[3], v[3];
  for (int i = 0; i < 3; i++) u[i] = U[i] + t * VU[i];
  double r = f(3, A + t * VA, u, B + t * VB, 2u, v);
  return OUT < 0 ? r : v[OUT];
}

int main(void) {
  double v[3], dv[3], du[3] = {1.0, 0.0, -1.0};
  /* n default const, a explicit const, u default dup, b default dup, m default, v explicit dup */
  double d = __enzyme_fwddiff((void *)f, 3, enzyme_const, A, U, du, B, 0.5, 2u, enzyme_dup, v, dv);
  VA = 0; VB = 0.5; memcpy(VU, du, sizeof VU);
  OUT = -1;
  CHECK("mixed defaults: return", d, ck_fd1(along, 0.0));
  for (OUT = 0; OUT < 3; OUT++) CHECK("mixed defaults: dv", dv[OUT], ck_fd1(along, 0.0));
  /* explicit const on n and m, defaults elsewhere, u const */
  d = __enzyme_fwddiff((void *)f, enzyme_const, 3, A, 1.0, enzyme_const, U, B, -1.0, enzyme_const, 2u, v, dv);
  VA = 1.0; VB = -1.0; memset(VU, 0, sizeof VU);
  OUT = -1;
  CHECK("explicit const ints: return", d, ck_fd1(along, 0.0));
  /* width 2 with defaults */
  double du2[3] = {0.0, 1.0, 0.0}, dv2[3];
  d2 w = __enzyme_fwddiff_2((void *)f, enzyme_width, 2, 3, A, 1.0, 0.0, U, du, du2, B, 0.0, 1.0, 2u, v, dv, dv2);
  VA = 1.0; VB = 0.0; memcpy(VU, du, sizeof VU); OUT = -1;
  CHECK("width2 defaults lane0", w.d[0], ck_fd1(along, 0.0));
  OUT = 1;
  CHECK("width2 defaults lane0 dv[1]", dv[1], ck_fd1(along, 0.0));
  VA = 0.0; VB = 1.0; memcpy(VU, du2, sizeof VU); OUT = -1;
  CHECK("width2 defaults lane1", w.d[1], ck_fd1(along, 0.0));
  OUT = 2;
  CHECK("width2 defaults lane1 dv[2]", dv2[2], ck_fd1(along, 0.0));
  return ck_done();
}
