// TEST: ABI §7.2 "x86 SSE min/max": the scalar forms _mm_min_sd/_mm_max_sd/_mm_min_ss/_mm_max_ss (lane 0 is the min/max, the upper lanes pass the first operand through), forward and reverse against finite differences
#include <immintrin.h>

#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 6
__attribute__((noinline)) double sk(const double *p) {
  __m128d a = _mm_loadu_pd(p), b = _mm_loadu_pd(p + 2);
  __m128d m = _mm_min_sd(a, b), x = _mm_max_sd(b, a);
  __m128d c = _mm_loadu_pd(p + 4);
  __m128d n = _mm_min_sd(c, a), y = _mm_max_sd(a, c);
  return m[0] * 2 + m[1] * 3 + x[0] * 5 + x[1] * 7 + n[0] * 11 + n[1] * 13 + y[0] * 17 + y[1] * 19;
}
static double obj(double *x) { return sk(x); }

/* _mm_min_ss/_mm_max_ss: lane 0 of floats; the references are the double kernel's. */
__attribute__((noinline)) float sf(const float *p) {
  __m128 a = _mm_loadu_ps(p), b = _mm_loadu_ps(p + 2);
  __m128 m = _mm_min_ss(a, b), x = _mm_max_ss(b, a);
  return m[0] * 2 + m[1] * 3 + m[2] * 0.5f + x[0] * 5 + x[1] * 7 + x[3] * 0.25f;
}
static double sf_d(double *p) {
  double m0 = p[0] < p[2] ? p[0] : p[2], x0 = p[2] > p[0] ? p[2] : p[0];
  return m0 * 2 + p[1] * 3 + p[2] * 0.5 + x0 * 5 + p[3] * 7 + p[5] * 0.25;
}
float __enzyme_fwddiff_f(void *, ...);

int main(void) {
  double x[N] = {0.3, -0.5, 0.9, 0.2, 0.66, -0.71}, dx[N] = {0}, v[N] = {0.3, -0.2, 0.5, 0.1, -0.4, 0.7};
  __enzyme_autodiff((void *)sk, enzyme_dup, x, dx);
  ck_gradient("sse scalar min/max reverse", dx, obj, x, N);
  double fw = __enzyme_fwddiff((void *)sk, enzyme_dup, x, v), fd = 0;
  for (int i = 0; i < N; i++) fd += v[i] * ck_fd_partial(obj, x, i);
  CHECK("sse scalar min/max forward along v", fw, fd);
  float xf[N], dxf[N] = {0}, vf[N];
  double xd[N];
  for (int i = 0; i < N; i++) xd[i] = xf[i] = (float)x[i];
  __enzyme_autodiff((void *)sf, enzyme_dup, xf, dxf);
  char l[64];
  for (int i = 0; i < N; i++) {
    double fdi = ck_fd_partial(sf_d, xd, i);
    snprintf(l, sizeof l, "ss reverse d/dx[%d]", i);
    CHECK_F32(l, dxf[i], fdi);
    for (int j = 0; j < N; j++) vf[j] = j == i ? 1.0f : 0.0f;
    snprintf(l, sizeof l, "ss forward d/dx[%d]", i);
    CHECK_F32(l, __enzyme_fwddiff_f((void *)sf, enzyme_dup, xf, vf), fdi);
  }
  return ck_done();
}
