// TEST: functions of 8, 10 and 12 parameters mixing int, double, float, pointer; defaults and explicit markers; width 2
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
typedef struct { double d[2]; } d2;
d2 __enzyme_fwddiff_2(void *, ...);

static double f8(double a, int i, const double *p, float s, double b, long n, double *q, double c) {
  double r = 0;
  for (long k = 0; k < n; k++) { q[k] = p[k] * a + s * b; r += q[k] * c; }
  return r + i * a * b + (double)s * c;
}
/* float params need a typed prototype to avoid promotion */
double __enzyme_fwddiff_f8(void *, double, double, int, const double *, const double *, float, float,
                           double, double, long, double *, double *, double, double);

static double f12(double x0, double x1, double x2, double x3, double x4, double x5, double x6, double x7,
                  double x8, double x9, double x10, double x11) {
  return x0 * x1 + x2 * x3 * x4 + sin(x5) * x6 + x7 / x8 + exp(0.1 * x9) * x10 - x11 * x11 * x0;
}
static double f10(const double *a, int n, double b, const double *c, double d, int flag,
                  double e, float *w, double g, long h) {
  double r = 0;
  for (int k = 0; k < n; k++) r += a[k] * c[k] * (flag ? b : d);
  w[0] = (float)(r * e);
  return r * g + h * e + w[0];
}

/* double twin of f10 for the finite difference (the float store would add rounding noise) */
static double f10_twin(const double *a, int n, double b, const double *c, double d, int flag,
                       double e, double g, long h) {
  double r = 0;
  for (int k = 0; k < n; k++) r += a[k] * c[k] * (flag ? b : d);
  return r * g + h * e + r * e;
}

static double X12[12] = {0.3, 1.1, -0.4, 0.8, 1.5, 0.2, -0.9, 0.6, 1.7, 0.5, -1.2, 0.4};
static double V12[12];
static double along12(double t) {
  double x[12];
  for (int i = 0; i < 12; i++) x[i] = X12[i] + t * V12[i];
  return f12(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11]);
}
static double P[3] = {0.4, -0.3, 1.2}, VP[3] = {1.0, 0.5, -0.5};
static double along8(double t) {
  double p[3], q[3];
  for (int i = 0; i < 3; i++) p[i] = P[i] + t * VP[i];
  return f8(0.7 + t, 3, p, 0.25f, -1.4 + 0.5 * t, 3, q, 2.0 - t);
}
static double A[2] = {0.3, 0.9}, C[2] = {1.1, -0.7};
static double along10(double t) {
  double a[2] = {A[0] + t, A[1]}, c[2] = {C[0], C[1] - t};
  return f10_twin(a, 2, 1.5 + 2 * t, c, -0.5, 1, 0.8 - t, 1.25 + t, 3);
}

int main(void) {
  double q[3], dq[3];
  double d = __enzyme_fwddiff_f8((void *)f8, 0.7, 1.0, 3, P, VP, 0.25f, 0.0f, -1.4, 0.5, 3L, q, dq, 2.0, -1.0);
  CHECK("8 params (int/float/pointer/double)", d, ck_fd1(along8, 0.0));
  for (int i = 0; i < 12; i++) V12[i] = 0.1 * (i + 1) * (i % 2 ? -1 : 1);
  d = __enzyme_fwddiff((void *)f12, X12[0], V12[0], X12[1], V12[1], X12[2], V12[2], X12[3], V12[3],
                       X12[4], V12[4], X12[5], V12[5], X12[6], V12[6], X12[7], V12[7], X12[8], V12[8],
                       X12[9], V12[9], X12[10], V12[10], X12[11], V12[11]);
  CHECK("12 double params all dup", d, ck_fd1(along12, 0.0));
  /* 12 params, every second const */
  d = __enzyme_fwddiff((void *)f12, X12[0], V12[0], enzyme_const, X12[1], X12[2], V12[2], enzyme_const, X12[3],
                       X12[4], V12[4], enzyme_const, X12[5], X12[6], V12[6], enzyme_const, X12[7], X12[8], V12[8],
                       enzyme_const, X12[9], X12[10], V12[10], enzyme_const, X12[11]);
  double save[12];
  memcpy(save, V12, sizeof save);
  for (int i = 1; i < 12; i += 2) V12[i] = 0;
  CHECK("12 params, odd ones const", d, ck_fd1(along12, 0.0));
  memcpy(V12, save, sizeof save);
  /* width 2 over 12 params: lane1 = 2*lane0 */
  d2 w = __enzyme_fwddiff_2((void *)f12, enzyme_width, 2, X12[0], V12[0], 2 * V12[0], X12[1], V12[1], 2 * V12[1],
                            X12[2], V12[2], 2 * V12[2], X12[3], V12[3], 2 * V12[3], X12[4], V12[4], 2 * V12[4],
                            X12[5], V12[5], 2 * V12[5], X12[6], V12[6], 2 * V12[6], X12[7], V12[7], 2 * V12[7],
                            X12[8], V12[8], 2 * V12[8], X12[9], V12[9], 2 * V12[9], X12[10], V12[10], 2 * V12[10],
                            X12[11], V12[11], 2 * V12[11]);
  CHECK("12 params width2 lane0", w.d[0], ck_fd1(along12, 0.0));
  CHECK("12 params width2 lane1", w.d[1], 2 * ck_fd1(along12, 0.0));
  double da[2] = {1, 0}, dc[2] = {0, -1};
  float wv, dw;
  d = __enzyme_fwddiff((void *)f10, A, da, 2, 1.5, 2.0, C, dc, enzyme_const, -0.5, 1, 0.8, -1.0,
                       &wv, &dw, 1.25, 1.0, 3L);
  CHECK_F32("10 params (int/long/float*)", d, ck_fd1(along10, 0.0));
  return ck_done();
}
