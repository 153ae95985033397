// TEST: ABI §7.2 "x86 SSE min/max": the scalar forms _mm_min_sd/_mm_max_sd (lane 0 is the min/max, the upper lanes pass the first operand through), forward and reverse against finite differences
// KNOWN-BUG: no derivative for `llvm.x86.sse2.min.sd`
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

int main(void) {
  double x[N] = {0.3, -0.5, 0.9, 0.2, 0.66, -0.71}, dx[N] = {0}, v[N] = {0.3, -0.2, 0.5, 0.1, -0.4, 0.7};
  __enzyme_autodiff((void *)sk, enzyme_dup, x, dx);
  ck_gradient("sse scalar min/max reverse", dx, obj, x, N);
  double fw = __enzyme_fwddiff((void *)sk, enzyme_dup, x, v), fd = 0;
  for (int i = 0; i < N; i++) fd += v[i] * ck_fd_partial(obj, x, i);
  CHECK("sse scalar min/max forward along v", fw, fd);
  return ck_done();
}
