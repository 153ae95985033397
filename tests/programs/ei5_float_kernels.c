// TEST: float-only programs: a float softmax cross-entropy over a float array (expf, logf, a max shift found by a loop with a comparison), a float 1D convolution with fmaf, a float Horner polynomial with coefficients in a float array, float enzyme_out scalars returned in a struct of floats, a float function with a float array output written through a pointer (void), and float tangents in forward mode; against finite differences of double references (CHECK_F32) and the dot-product test
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);
float __enzyme_autodiff_f(void *, ...) __asm__("__enzyme_autodiff");
float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");
void __enzyme_fwddiff(void *, ...);

#define N 7
__attribute__((noinline)) float xent(const float *z, int n, int label) {
  float m = z[0];
  for (int i = 1; i < n; i++)
    if (z[i] > m) m = z[i];
  float s = 0.0f;
  for (int i = 0; i < n; i++) s += expf(z[i] - m);
  return logf(s) + m - z[label];
}
static double xent_d(double *z) {
  double m = z[0];
  for (int i = 1; i < N; i++)
    if (z[i] > m) m = z[i];
  double s = 0.0;
  for (int i = 0; i < N; i++) s += exp(z[i] - m);
  return log(s) + m - z[2];
}
#define K 3
__attribute__((noinline)) void conv(float *out, const float *in, const float *k, int n) {
  for (int i = 0; i + K <= n; i++) {
    float s = 0.0f;
    for (int j = 0; j < K; j++) s = fmaf(in[i + j], k[j], s);
    out[i] = s * s;
  }
}
static double KD[K] = {0.5, -0.25, 0.8}, WO[N - K + 1] = {1.0, -0.5, 0.3, 0.7, -0.2};
static double conv_d(double *in) {
  double r = 0.0;
  for (int i = 0; i + K <= N; i++) {
    double s = 0.0;
    for (int j = 0; j < K; j++) s += in[i + j] * KD[j];
    r += WO[i] * s * s;
  }
  return r;
}
__attribute__((noinline)) float horner(float x, const float *c, int n) {
  float r = c[n - 1];
  for (int i = n - 2; i >= 0; i--) r = r * x + c[i];
  return r;
}
static double CH[5] = {0.3, -1.0, 0.5, 0.25, -0.1};
static double horner_c(double *c) {
  double r = c[4];
  for (int i = 3; i >= 0; i--) r = r * 1.3 + c[i];
  return r;
}

int main(void) {
  float z[N] = {0.3f, -1.2f, 0.8f, 1.5f, -0.4f, 0.1f, 0.9f}, dz[N] = {0};
  double zd[N], g[N];
  for (int i = 0; i < N; i++) zd[i] = z[i];
  __enzyme_autodiff((void *)xent, enzyme_dup, z, dz, enzyme_const, N, enzyme_const, 2);
  char lab[80];
  for (int i = 0; i < N; i++) {
    snprintf(lab, sizeof lab, "float softmax xent: d/dz[%d]", i);
    CHECK_F32(lab, dz[i], ck_fd_partial(xent_d, zd, i));
  }
  float vz[N] = {1, -0.5f, 0.25f, 0.8f, -0.3f, 0.6f, -0.9f};
  float t = __enzyme_fwddiff_f((void *)xent, enzyme_dup, z, vz, enzyme_const, N, enzyme_const, 2);
  double s = 0.0;
  for (int i = 0; i < N; i++) s += (double)dz[i] * vz[i];
  CHECK_F32("float softmax xent fwd: dot", t, s);

  float in[N] = {0.2f, 0.7f, -0.5f, 1.1f, 0.4f, -0.9f, 0.6f}, din[N] = {0}, kf[K], dk[K] = {0};
  float out[N - K + 1], dout[N - K + 1];
  double ind[N];
  for (int i = 0; i < K; i++) kf[i] = (float)KD[i];
  for (int i = 0; i < N - K + 1; i++) dout[i] = (float)WO[i];
  for (int i = 0; i < N; i++) ind[i] = in[i];
  __enzyme_autodiff((void *)conv, enzyme_dupnoneed, out, dout, enzyme_dup, in, din, enzyme_dup, kf, dk, enzyme_const, N);
  for (int i = 0; i < N; i++) {
    snprintf(lab, sizeof lab, "float fmaf conv: d/din[%d]", i);
    CHECK_F32(lab, din[i], ck_fd_partial(conv_d, ind, i));
  }
  float tin[N], tk[K] = {0}, tout[N - K + 1] = {0};
  for (int i = 0; i < N; i++) tin[i] = (float)sin(i + 1.0);
  __enzyme_fwddiff((void *)conv, enzyme_dupnoneed, out, tout, enzyme_dup, in, tin, enzyme_dup, kf, tk, enzyme_const, N);
  double lhs = 0.0, rhs = 0.0;
  for (int i = 0; i < N - K + 1; i++) lhs += WO[i] * tout[i];
  for (int i = 0; i < N; i++) rhs += (double)din[i] * tin[i];
  CHECK_F32("float fmaf conv fwd: dot", rhs, lhs);
  (void)g;

  float c[5], dc[5] = {0};
  for (int i = 0; i < 5; i++) c[i] = (float)CH[i];
  float dxh = __enzyme_autodiff_f((void *)horner, 1.3f, enzyme_dup, c, dc, enzyme_const, 5);
  for (int i = 0; i < 5; i++) {
    snprintf(lab, sizeof lab, "float horner: d/dc[%d]", i);
    CHECK_F32(lab, dc[i], ck_fd_partial(horner_c, CH, i));
  }
  double dref = 0.0;
  for (int i = 1; i < 5; i++) dref += i * CH[i] * pow(1.3, i - 1);
  CHECK_F32("float horner: d/dx", dxh, dref);
  float zc[5] = {0};
  float th = __enzyme_fwddiff_f((void *)horner, 1.3f, 1.0f, enzyme_dup, c, zc, enzyme_const, 5);
  CHECK_F32("float horner fwd d/dx", th, dref);
  return ck_done();
}
