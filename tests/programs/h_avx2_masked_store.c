// TEST: -mavx2 -mfma: conditional stores vectorized to llvm.masked.load/masked.store (masked-off shadow lanes untouched), <8 x float> saxpy, indirect loads
// CFLAGS: -mavx2 -mfma
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...);
float __enzyme_fwddiff_f(void *, const float *, float *, float, float, int, int);

#define N 43
/* <8 x float>: y = a*x + y fused, then sum of y*y. */
static float saxpy_ss(const float *x, float a, int n) {
  float y[N];
  for (int i = 0; i < n; i++) y[i] = 0.5f + 0.01f * (float)i;
  for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i];
  float s = 0.0f;
  for (int i = 0; i < n; i++) s += y[i] * y[i];
  return s;
}
static double saxpy_ss_d(const double *x, double a, int n) {
  double y[N];
  for (int i = 0; i < n; i++) y[i] = 0.5f + 0.01f * (float)i;
  for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i];
  double s = 0.0;
  for (int i = 0; i < n; i++) s += y[i] * y[i];
  return s;
}
/* Indirect loads: vectorized as gathers on AVX2. */
static double gsum(const double *x, const int *idx, const double *w, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += w[i] * x[idx[i]];
  return s;
}
/* Conditional store: y[i] written only where the (inactive) mask says so. */
static void condstore(const double *x, double *y, const int *mask, int n) {
  for (int i = 0; i < n; i++)
    if (mask[i]) y[i] = x[i] * x[i] + y[i];
}

static float XF[N];
static double XD[N], W[N], V[N], VW[N];
static int IDX[N], MASK[N];
static int WHICH, OUT;
static double along(double t) {
  double x[N], w[N], y[N];
  for (int i = 0; i < N; i++) {
    x[i] = (WHICH == 0 ? (double)XF[i] : XD[i]) + t * V[i];
    w[i] = W[i] + t * VW[i];
    y[i] = 0.3 * i;
  }
  if (WHICH == 0) return saxpy_ss_d(x, 0.75 + 0.5 * t, N);
  if (WHICH == 1) return gsum(x, IDX, w, N);
  condstore(x, y, MASK, N);
  return y[OUT];
}

int main(void) {
  for (int i = 0; i < N; i++) {
    XF[i] = 0.125f * (float)(i % 9) - 0.5f;
    XD[i] = sin(0.37 * i);
    W[i] = 1.0 / (1.0 + i);
    V[i] = cos(0.8 * i);
    VW[i] = 0.01 * (i % 7);
    IDX[i] = (i * 17 + 5) % N;
    MASK[i] = (i % 3) != 1;
  }
  float dxf[N];
  double dx[N], dw[N];
  for (int i = 0; i < N; i++) {
    dxf[i] = (float)V[i];
    dx[i] = V[i];
    dw[i] = VW[i];
  }
  char name[48];
  WHICH = 0;
  CHECK_F32("avx2 <8 x float> saxpy + sum sq: d",
            __enzyme_fwddiff_f((void *)saxpy_ss, XF, dxf, 0.75f, 0.5f, enzyme_const, N), ck_fd1(along, 0.0));
  WHICH = 1;
  CHECK("avx2 gather sum: d", __enzyme_fwddiff_d((void *)gsum, XD, dx, enzyme_const, IDX, W, dw, enzyme_const, N),
        ck_fd1(along, 0.0));
  WHICH = 2;
  double y[N], dy[N];
  for (int i = 0; i < N; i++) {
    y[i] = 0.3 * i;
    dy[i] = -99.0; /* where the mask is 0 the shadow must be left alone */
  }
  for (int i = 0; i < N; i++)
    if (MASK[i]) dy[i] = 0.0;
  __enzyme_fwddiff((void *)condstore, XD, dx, y, dy, enzyme_const, MASK, enzyme_const, N);
  for (OUT = 0; OUT < N; OUT += 4) {
    snprintf(name, sizeof name, "masked store: d y[%d]", OUT);
    CHECK(name, MASK[OUT] ? dy[OUT] : dy[OUT] + 99.0, ck_fd1(along, 0.0));
  }
  return ck_done();
}
