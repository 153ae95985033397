// TEST: SIMD kernels written with x86 intrinsics inside functions marked __attribute__((target("avx2,fma"))) in a file compiled for the baseline x86-64 (no -mavx2): _mm256 loads, fmadd, mul, max, sqrt, div and stores of doubles, an __m256 float kernel with max and rsqrt-free sqrt, a baseline SSE2 kernel with _mm_max_pd, fractional parts through _mm256_floor_pd, _mm256_round_pd and _mm_round_pd (zero derivative), enzyme_width 2 of the AVX2 kernel in both modes, and a baseline function calling small AVX2 helpers that clang may not inline into it; the generated derivatives must be compiled for the same target features as the kernels (they hold the same 256-bit vectors and x86 intrinsics); run only where the CPU has AVX2 and FMA, reverse and forward mode against finite differences and the dot-product test
#include <immintrin.h>
#include "include/ck_array.h"

#define N 8
__attribute__((target("avx2,fma"), noinline)) double avx_kernel(const double *x) {
  __m256d acc = _mm256_setzero_pd();
  for (int i = 0; i < N; i += 4) {
    __m256d v = _mm256_loadu_pd(x + i);
    __m256d w = _mm256_fmadd_pd(v, v, _mm256_set1_pd(0.5));
    __m256d m = _mm256_max_pd(w, _mm256_mul_pd(v, _mm256_set1_pd(2.0)));
    __m256d s = _mm256_sqrt_pd(m);
    acc = _mm256_add_pd(acc, _mm256_div_pd(s, _mm256_add_pd(v, _mm256_set1_pd(3.0))));
  }
  double o[4];
  _mm256_storeu_pd(o, acc);
  return o[0] + o[1] * 2 + o[2] * 3 + o[3] * 4;
}
/* fractional parts and truncation through the packed rounding intrinsics (zero derivative) */
__attribute__((target("avx2,fma"), noinline)) double avx_frac(const double *x) {
  __m256d v = _mm256_loadu_pd(x);
  __m256d s = _mm256_mul_pd(v, _mm256_set1_pd(3.0));
  __m256d fr = _mm256_sub_pd(s, _mm256_floor_pd(s));
  __m128d lo = _mm_round_pd(_mm256_castpd256_pd128(s), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256d r = _mm256_mul_pd(fr, _mm256_add_pd(v, _mm256_round_pd(v, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC)));
  double o[4], l[2];
  _mm256_storeu_pd(o, r);
  _mm_storeu_pd(l, lo);
  return o[0] + 2 * o[1] + 3 * o[2] + 4 * o[3] + l[0] * x[0] + l[1];
}
/* small AVX2 helpers without noinline, called from a baseline function that is
   differentiated: they must not end up in code compiled for the baseline target */
__attribute__((target("avx2,fma"))) static double avx_dot4(const double *a, const double *b) {
  __m256d p = _mm256_mul_pd(_mm256_loadu_pd(a), _mm256_loadu_pd(b));
  __m256d q = _mm256_max_pd(p, _mm256_set1_pd(-0.1));
  double o[4];
  _mm256_storeu_pd(o, q);
  return o[0] + o[1] + o[2] + o[3];
}
__attribute__((noinline)) double baseline_outer(const double *x) {
  double s = 0.0;
  for (int i = 0; i + 4 <= N; i += 2) s += avx_dot4(x + i, x + (N - 4 - i)) * (1.0 + 0.1 * i);
  return s + x[0] * x[N - 1];
}
__attribute__((target("avx2,fma"), noinline)) void avx_float(const float *x, float *y) {
  __m256 v = _mm256_loadu_ps(x);
  __m256 t = _mm256_fmsub_ps(v, _mm256_set1_ps(1.5f), _mm256_set1_ps(0.25f));
  __m256 m = _mm256_min_ps(_mm256_mul_ps(t, t), _mm256_set1_ps(4.0f));
  _mm256_storeu_ps(y, _mm256_sqrt_ps(_mm256_add_ps(m, _mm256_set1_ps(1.0f))));
}
__attribute__((noinline)) double sse_kernel(const double *x) {
  __m128d a = _mm_loadu_pd(x), b = _mm_loadu_pd(x + 2);
  __m128d m = _mm_max_pd(_mm_mul_pd(a, b), _mm_sub_pd(a, b));
  __m128d s = _mm_sqrt_pd(_mm_add_pd(_mm_mul_pd(m, m), _mm_set1_pd(1.0)));
  double o[2];
  _mm_storeu_pd(o, s);
  return o[0] * o[1] + o[0];
}

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
void __enzyme_autodiff_v(void *, ...) __asm__("__enzyme_autodiff");
void __enzyme_fwddiff_v(void *, ...) __asm__("__enzyme_fwddiff");
typedef struct {
  double d[2];
} w2;
w2 __enzyme_fwddiff_w2(void *, ...) __asm__("__enzyme_fwddiff");

static double o_avx(double *x) { return avx_kernel(x); }
static double o_frac(double *x) { return avx_frac(x); }
static double o_outer(double *x) { return baseline_outer(x); }
static double o_sse(double *x) { return sse_kernel(x); }
/* the float kernel in double, for the finite differences (w weights the outputs) */
static const double WF[N] = {1, -0.5, 0.25, 2, 0.75, -1, 0.3, 0.6};
static double o_float(double *x) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    double t = x[i] * 1.5 - 0.25, m = fmin(t * t, 4.0);
    s += WF[i] * sqrt(m + 1.0);
  }
  return s;
}

int main(void) {
  double v[N] = {1, -0.5, 0.3, 0.8, -0.2, 0.6, 0.4, -0.9}, one = 1.0;
  {
    double x[4] = {0.6, -0.4, 1.3, 0.2}, d[4] = {0};
    __enzyme_autodiff((void *)sse_kernel, enzyme_dup, x, d);
    ck_gradient("sse2 kernel", d, o_sse, x, 4);
    double jv = __enzyme_fwddiff((void *)sse_kernel, enzyme_dup, x, v);
    ck_dot_test("sse2 kernel fwd", &one, &jv, 1, d, v, 4);
  }
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) {
    printf("no AVX2/FMA on this CPU: the 256-bit kernels are skipped\n");
    return ck_done();
  }
  {
    double x[N] = {0.7, -0.3, 1.1, 0.45, -1.6, 0.2, 2.3, -0.8}, d[N] = {0};
    __enzyme_autodiff((void *)avx_kernel, enzyme_dup, x, d);
    ck_gradient("avx2 kernel", d, o_avx, x, N);
    /* a second call site of the same derivative (two calls make Catalase offer it for inlining
       into main, which is not compiled for AVX2) */
    double x2[N] = {-0.2, 0.9, 0.35, -1.1, 0.8, 1.4, -0.6, 0.1}, d2[N] = {0};
    __enzyme_autodiff((void *)avx_kernel, enzyme_dup, x2, d2);
    ck_gradient("avx2 kernel, second point", d2, o_avx, x2, N);
    double jv = __enzyme_fwddiff((void *)avx_kernel, enzyme_dup, x, v);
    ck_dot_test("avx2 kernel fwd", &one, &jv, 1, d, v, N);
    /* width 2 in both modes: two directions of the 256-bit derivative at once */
    double v2[N] = {0.3, 0.2, -1, 0.5, 0.1, -0.4, 0.9, 0.7};
    w2 t = __enzyme_fwddiff_w2((void *)avx_kernel, enzyme_width, 2, enzyme_dup, x, v, v2);
    CHECK("avx2 kernel fwd width 2 lane 0", t.d[0], jv);
    CHECK("avx2 kernel fwd width 2 lane 1", t.d[1], ck_dot(d, v2, N));
    double b0[N] = {0}, b1[N] = {0};
    __enzyme_autodiff_v((void *)avx_kernel, enzyme_width, 2, enzyme_dup, x, b0, b1);
    for (int i = 0; i < N; i++) {
      char name[48];
      snprintf(name, sizeof name, "avx2 kernel rev width 2 [%d]", i);
      CHECK(name, b0[i] + b1[i], 2.0 * d[i]);
    }
  }
  {
    double x[N] = {0.7, -0.3, 1.1, 0.45, -1.6, 0.2, 2.3, -0.8}, d[N] = {0};
    __enzyme_autodiff((void *)baseline_outer, enzyme_dup, x, d);
    ck_gradient("baseline caller of avx2 helpers", d, o_outer, x, N);
    double jv = __enzyme_fwddiff((void *)baseline_outer, enzyme_dup, x, v);
    ck_dot_test("baseline caller of avx2 helpers fwd", &one, &jv, 1, d, v, N);
  }
  {
    double x[4] = {0.45, -0.7, 1.2, 2.3}, d[4] = {0};
    __enzyme_autodiff((void *)avx_frac, enzyme_dup, x, d);
    ck_gradient("avx rounding", d, o_frac, x, 4);
    double jv = __enzyme_fwddiff((void *)avx_frac, enzyme_dup, x, v);
    ck_dot_test("avx rounding fwd", &one, &jv, 1, d, v, 4);
  }
  {
    float x[N] = {0.7f, -0.3f, 1.1f, 0.45f, -1.6f, 0.2f, 2.3f, -0.8f}, dx[N] = {0}, y[N], dy[N];
    for (int i = 0; i < N; i++) dy[i] = (float)WF[i];
    __enzyme_autodiff_v((void *)avx_float, enzyme_dup, x, dx, enzyme_dup, y, dy);
    double xd[N];
    for (int i = 0; i < N; i++) xd[i] = x[i];
    for (int i = 0; i < N; i++) {
      char name[40];
      snprintf(name, sizeof name, "avx2 float kernel d/dx[%d]", i);
      CHECK_F32(name, dx[i], ck_fd_partial(o_float, xd, i));
    }
    float vf[N], ty[N];
    for (int i = 0; i < N; i++) vf[i] = (float)v[i];
    __enzyme_fwddiff_v((void *)avx_float, enzyme_dup, x, vf, enzyme_dup, y, ty);
    double lhs = 0.0, rhs = 0.0;
    for (int i = 0; i < N; i++) {
      lhs += WF[i] * ty[i];
      rhs += dx[i] * vf[i];
    }
    CHECK_F32("avx2 float kernel fwd vs rev", lhs, rhs);
  }
  return ck_done();
}
