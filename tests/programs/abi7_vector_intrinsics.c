// TEST: ABI §7.2 intrinsic rows in their vector forms (llvm.sin/cos/tan/asin/acos/atan/atan2/sinh/cosh/tanh/exp/exp2/exp10/log/log2/log10/sqrt/pow/fma/fabs/copysign/minnum/maxnum/minimum/maximum/minimumnum/maximumnum/floor on <4 x double> and <4 x float>, vector_reduce_fmax/fmin/fmaximum/fminimum), the scalar minimum/maximum(num) rows, and the x86 SSE2 min/max pd intrinsics (both operand orders); reverse gradients and forward tangents against finite differences (the float kernel's from its double twin) and the dot-product test
#include <immintrin.h>

#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
float __enzyme_fwddiff_f(void *, ...);

typedef double d4 __attribute__((ext_vector_type(4)));
typedef float f4 __attribute__((ext_vector_type(4)));

#define N 8
#define KERNEL(NAME, T, V)                                                                    \
  __attribute__((noinline)) T NAME(const T *p) {                                              \
    V a = {p[0], p[1], p[2], p[3]}, b = {p[4], p[5], p[6], p[7]};                             \
    V h = (V)(T)0.5;                                                                          \
    V r = __builtin_elementwise_sin(a) * __builtin_elementwise_cos(b) +                       \
          __builtin_elementwise_tan(a * h) + __builtin_elementwise_asin(a * h) +              \
          __builtin_elementwise_acos(b * h) + __builtin_elementwise_atan(a) +                 \
          __builtin_elementwise_atan2(a, b) + __builtin_elementwise_sinh(b) +                 \
          __builtin_elementwise_cosh(a) * __builtin_elementwise_tanh(b) +                     \
          __builtin_elementwise_exp(a) + __builtin_elementwise_exp2(b) +                      \
          __builtin_elementwise_exp10(a * h) + __builtin_elementwise_log(b + (T)2) +          \
          __builtin_elementwise_log2(a + (T)2) + __builtin_elementwise_log10(b + (T)2) +      \
          __builtin_elementwise_sqrt(a + (T)2) + __builtin_elementwise_pow(b + (T)2, a) +     \
          __builtin_elementwise_fma(a, b, a * b) + __builtin_elementwise_abs(a) * b +         \
          __builtin_elementwise_copysign(a, b) * a + __builtin_elementwise_min(a, b) +        \
          __builtin_elementwise_max(a, b) * a + __builtin_elementwise_minimum(a, b * b) +     \
          __builtin_elementwise_maximum(a, b) + __builtin_elementwise_minimumnum(b, a) +      \
          __builtin_elementwise_maximumnum(b, a * a) + __builtin_elementwise_floor(a * 3) * b; \
    V w = {(T)1, (T)-0.5, (T)0.75, (T)0.3};                                                   \
    r = r * w;                                                                                \
    return r[0] + r[1] + r[2] + r[3] + __builtin_reduce_max(a * b) +                          \
           __builtin_reduce_min(a + b) + __builtin_reduce_maximum(a - b) +                    \
           __builtin_reduce_minimum(b * h);                                                   \
  }

KERNEL(vk_d, double, d4)
KERNEL(vk_f, float, f4)

/* scalar llvm.minimum / maximum / minimumnum / maximumnum, and SSE2 min/max */
__attribute__((noinline)) double sk(const double *p) {
  double s = __builtin_elementwise_minimum(p[0], p[1]) + 2 * __builtin_elementwise_maximum(p[0], p[1]) +
             3 * __builtin_elementwise_minimumnum(p[2], p[3]) + 4 * __builtin_elementwise_maximumnum(p[2], p[3]);
  __m128d a = _mm_loadu_pd(p + 4), b = _mm_loadu_pd(p + 6);
  __m128d m = _mm_min_pd(a, b), x = _mm_max_pd(a, b), ms = _mm_min_pd(b, a), xs = _mm_max_pd(b, a);
  return s + m[0] * 5 + m[1] * 6 + x[0] * 7 + x[1] * 8 + ms[0] * 9 + ms[1] * 10 + xs[0] * 11 + xs[1] * 12;
}

static double vk_d_obj(double *x) { return vk_d(x); }
static double sk_obj(double *x) { return sk(x); }
static double X[N] = {0.31, -0.42, 0.57, 0.83, 0.66, 0.12, -0.71, 0.44};
static double V[N] = {0.3, -0.2, 0.5, 0.1, -0.4, 0.7, 0.2, -0.6};

/* A macro, not a function: the marker's function operand must be a named function. */
#define ONE(what, k, obj)                                                  \
  do {                                                                     \
    double x_[N], dx_[N] = {0}, fdv_ = 0, one_ = 1.0;                      \
    memcpy(x_, X, sizeof x_);                                              \
    __enzyme_autodiff((void *)k, enzyme_dup, x_, dx_);                     \
    ck_gradient(what, dx_, obj, x_, N);                                    \
    double fw_ = __enzyme_fwddiff((void *)k, enzyme_dup, x_, V);           \
    for (int i_ = 0; i_ < N; i_++) fdv_ += V[i_] * ck_fd_partial(obj, x_, i_); \
    CHECK(what ": forward along v", fw_, fdv_);                            \
    ck_dot_test(what, &one_, &fw_, 1, dx_, V, N);                          \
  } while (0)

int main(void) {
  ONE("vector double", vk_d, vk_d_obj);
  double x[N];
  memcpy(x, X, sizeof x);
  /* scalar/SSE kernel: x[4..7] = 0.66 0.12 -0.71 0.44 so min/max pick different lanes */
  double xs[N] = {0.3, -0.5, 0.9, 0.2, 0.66, 0.12, -0.71, 0.44};
  memcpy(X, xs, sizeof xs);
  ONE("scalar minimum/maximum + SSE2", sk, sk_obj);
  memcpy(X, x, sizeof x);
  /* float: forward along each unit direction and reverse, against the double twin's differences */
  float xf[N], dxf[N] = {0}, vf[N];
  for (int i = 0; i < N; i++) xf[i] = (float)X[i];
  double xd[N];
  for (int i = 0; i < N; i++) xd[i] = xf[i];
  __enzyme_autodiff((void *)vk_f, enzyme_dup, xf, dxf);
  double dot = 0;
  char l[64];
  for (int i = 0; i < N; i++) {
    double fd = ck_fd_partial(vk_d_obj, xd, i);
    snprintf(l, sizeof l, "vector float rev d/dx[%d]", i);
    CHECK_F32(l, dxf[i], fd);
    for (int j = 0; j < N; j++) vf[j] = j == i ? 1.0f : 0.0f;
    snprintf(l, sizeof l, "vector float fwd d/dx[%d]", i);
    CHECK_F32(l, __enzyme_fwddiff_f((void *)vk_f, enzyme_dup, xf, vf), fd);
    dot += dxf[i] * V[i];
  }
  for (int j = 0; j < N; j++) vf[j] = (float)V[j];
  CHECK_F32("vector float dot test", __enzyme_fwddiff_f((void *)vk_f, enzyme_dup, xf, vf), dot);
  return ck_done();
}
