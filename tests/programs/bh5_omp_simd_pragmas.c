// TEST: loops written with the vectorization pragmas HPC users put on kernels they differentiate: #pragma omp simd reduction(+:s) and reduction(max:m) (with -fopenmp-simd, no runtime: the reduction may be reordered, so the vectorizer makes llvm.vector.reduce.fadd/fmax without fast-math), aligned() clauses on _Alignas(32) data, #pragma clang loop vectorize_width(8) interleave_count(2) forcing wide vectors, a conditional update inside a simd loop (masked), in double and float; reverse and forward gradients against finite differences, reverse against forward
// CFLAGS: -fopenmp-simd
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 27

__attribute__((noinline)) double kernel(const double *restrict x, const double *restrict w, double *restrict tmp) {
  double s = 0.0;
#pragma omp simd reduction(+ : s) aligned(x, w : 32)
  for (int i = 0; i < N; i++) s += w[i] * x[i] * x[i];
  double m = -1e300;
#pragma omp simd reduction(max : m)
  for (int i = 0; i < N; i++) {
    double v = x[i] * w[i];
    m = v > m ? v : m;
  }
#pragma clang loop vectorize_width(8) interleave_count(2)
  for (int i = 0; i < N; i++) tmp[i] = exp(x[i] - m) * w[i];
  double t = 0.0;
#pragma omp simd reduction(+ : t)
  for (int i = 0; i < N; i++) {
    double v = tmp[i];
    if (x[i] > 0.0) v = v * x[i] + sin(x[i]);
    t += v;
  }
  return s + log(t) + 0.5 * m;
}

__attribute__((noinline)) float kernel_f(const float *restrict x, const float *restrict w) {
  float s = 0.0f, m = -1e30f;
#pragma omp simd reduction(+ : s) reduction(max : m)
  for (int i = 0; i < N; i++) {
    s += w[i] * sinf(x[i]);
    float v = x[i] - w[i];
    m = v > m ? v : m;
  }
  float q = 0.0f;
#pragma clang loop vectorize_width(8) interleave_count(2)
  for (int i = 0; i < N; i++) q += (x[i] * x[i]) * w[i];
  return s * m + sqrtf(q + 1.0f);
}
static double kernel_f_twin(const double *x, const double *w) {
  double s = 0.0, m = -1e30;
  for (int i = 0; i < N; i++) {
    s += w[i] * sin(x[i]);
    double v = x[i] - w[i];
    m = v > m ? v : m;
  }
  double q = 0.0;
  for (int i = 0; i < N; i++) q += (x[i] * x[i]) * w[i];
  return s * m + sqrt(q + 1.0);
}

_Alignas(32) static double X[N], Wt[N];
static double TMP[N];
static double F(double *x) { return kernel(x, Wt, TMP); }
static double Ff(double *x) { return kernel_f_twin(x, Wt); }

int main(void) {
  for (int i = 0; i < N; i++) {
    X[i] = 0.9 * sin(1.37 * i + 0.2) + 0.05 * i;
    Wt[i] = 0.5 + 0.4 * cos(0.61 * i);
  }
  _Alignas(32) double gx[N] = {0}, gw[N] = {0}, dtmp[N] = {0}, v[N];
  __enzyme_autodiff((void *)kernel, enzyme_dup, X, gx, enzyme_dup, Wt, gw, enzyme_dup, TMP, dtmp);
  ck_gradient("double: d/dx", gx, F, X, N);
  for (int i = 0; i < N; i++) v[i] = cos(0.3 * i + 1.0);
  double t = __enzyme_fwddiff((void *)kernel, enzyme_dup, X, v, enzyme_const, Wt, enzyme_dup, TMP, dtmp);
  CHECK("double: forward vs reverse", t, ck_dot(gx, v, N));

  _Alignas(32) float xf[N], wf[N], gxf[N] = {0}, vf[N];
  double xr[N];
  for (int i = 0; i < N; i++) {
    xf[i] = (float)X[i];
    wf[i] = (float)Wt[i];
    vf[i] = (float)v[i];
  }
  for (int i = 0; i < N; i++) {
    xr[i] = xf[i];
    Wt[i] = wf[i];
  }
  __enzyme_autodiff((void *)kernel_f, enzyme_dup, xf, gxf, enzyme_const, wf);
  char label[64];
  for (int i = 0; i < N; i++) {
    snprintf(label, sizeof label, "float: d/dx[%d]", i);
    CHECK_F32(label, gxf[i], ck_fd_partial(Ff, xr, i));
  }
  float tf = (float)__enzyme_fwddiff((void *)kernel_f, enzyme_dup, xf, vf, enzyme_const, wf);
  double dot = 0.0;
  for (int i = 0; i < N; i++) dot += (double)gxf[i] * vf[i];
  CHECK_F32("float: forward vs reverse", tf, dot);
  return ck_done();
}
