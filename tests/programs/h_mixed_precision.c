// TEST: float<->double mixing: float storage with double accumulation, double params narrowed to float math, float return of double work
#include "include/catalase_check.h"

double __enzyme_fwddiff_d(void *, ...);
float __enzyme_fwddiff_f(void *, const float *, float *, double, double, int, int);

#define N 12
/* float storage, double accumulation, double result. */
static double facc(const float *x, double s, int n) {
  double acc = 0.0;
  for (int i = 0; i < n; i++) acc += (double)x[i] * (double)x[i] * s + sin((double)x[i]);
  return acc;
}
/* double inputs narrowed to float for the math, widened back for the result. */
static double narrow(const double *x, int n) {
  float p = 1.0f;
  for (int i = 0; i < n; i++) p = p * 0.9f + expf((float)x[i] * 0.25f);
  return (double)p * x[0];
}
/* float result of a double-parameter computation. */
static float fret(const float *x, double a, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a * x[i] * x[i];
  return (float)sqrt(s);
}

static float XF[N];
static double XD[N], V[N];
static int WHICH;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = (WHICH == 1 ? XD[i] : (double)XF[i]) + t * V[i];
  if (WHICH == 0) {
    double acc = 0.0, s = 1.5 + 0.5 * t;
    for (int i = 0; i < N; i++) acc += x[i] * x[i] * s + sin(x[i]);
    return acc;
  }
  if (WHICH == 1) {
    double p = 1.0;
    for (int i = 0; i < N; i++) p = p * 0.9 + exp(x[i] * 0.25);
    return p * x[0];
  }
  double s = 0.0, a = 0.75 - t;
  for (int i = 0; i < N; i++) s += a * x[i] * x[i];
  return sqrt(s);
}

int main(void) {
  for (int i = 0; i < N; i++) {
    XF[i] = 0.25f * (float)(i % 5) - 0.375f;
    XD[i] = 0.1 * i - 0.45;
    V[i] = 0.5 + 0.25 * (i % 3);
  }
  float dxf[N];
  double dxd[N];
  for (int i = 0; i < N; i++) {
    dxf[i] = (float)V[i];
    dxd[i] = V[i];
  }
  WHICH = 0;
  CHECK_F32("float storage, double accumulation",
            __enzyme_fwddiff_d((void *)facc, XF, dxf, 1.5, 0.5, enzyme_const, N), ck_fd1(along, 0.0));
  WHICH = 1;
  CHECK_F32("double narrowed to float math", __enzyme_fwddiff_d((void *)narrow, XD, dxd, enzyme_const, N),
            ck_fd1(along, 0.0));
  WHICH = 2;
  CHECK_F32("float return of double work", __enzyme_fwddiff_f((void *)fret, XF, dxf, 0.75, -1.0, enzyme_const, N),
            ck_fd1(along, 0.0));
  return ck_done();
}
