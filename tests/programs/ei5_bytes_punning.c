// TEST: bit punning the way numerical C code does it: an exponent bump (scaling by 2^k by adding k << 52 to a double's bits through a union, forward mode only: reverse mode refuses it, tests/errors/ei5_exponent_bump_reverse.c) and doubles serialized byte by byte into an unsigned char buffer with a loop and read back (forward mode only: reverse is tests/regressions/ei5_bytewise_copy_reverse.c), a union of a struct {double a, b;} and a double[2] written through one member and read through the other, a tagged variant {int tag; union {double d; long l;} u;} array whose active doubles sit next to integer entries, and a float array viewed as uint32_t words and copied word by word; against finite differences and the dot-product test
#include <stdint.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

__attribute__((noinline)) double bytes_roundtrip(const double *x, int n) {
  unsigned char buf[8 * 8];
  for (int i = 0; i < n; i++) {
    const unsigned char *src = (const unsigned char *)&x[i];
    for (int b = 0; b < 8; b++) buf[8 * i + b] = src[b];
  }
  double s = 0.0;
  for (int i = n - 1; i >= 0; i--) {
    double v;
    unsigned char *dst = (unsigned char *)&v;
    for (int b = 0; b < 8; b++) dst[b] = buf[8 * i + b];
    s = s * 0.5 + v * v * (i + 1);
  }
  return s;
}
#define N 5
static double o_bytes(double *x) { return bytes_roundtrip(x, N); }

__attribute__((noinline)) double bump(double x, int k) {
  union {
    double d;
    uint64_t u;
  } p;
  p.d = x * x;
  p.u += (uint64_t)k << 52;
  return p.d + x;
}
static double o_bump(double x) { return bump(x, 3); }

typedef union {
  struct {
    double a, b;
  } s;
  double v[2];
} pair_u;
__attribute__((noinline)) double union_views(const double *x, int n) {
  double r = 0.0;
  for (int i = 0; i + 1 < n; i++) {
    pair_u p;
    p.s.a = x[i] * 2.0;
    p.s.b = sin(x[i + 1]);
    r += p.v[0] * p.v[1];
    p.v[1] = p.s.a + p.s.b;
    r += p.s.b * p.s.b;
  }
  return r;
}
static double o_union(double *x) { return union_views(x, N); }

typedef struct {
  int tag;
  union {
    double d;
    long l;
  } u;
} variant;
__attribute__((noinline)) double variants(const double *x, int n) {
  variant v[2 * N];
  for (int i = 0; i < n; i++) {
    v[2 * i].tag = 0;
    v[2 * i].u.d = x[i] * x[i];
    v[2 * i + 1].tag = 1;
    v[2 * i + 1].u.l = 3 * i + 1;
  }
  double s = 0.0;
  for (int i = 0; i < 2 * n; i++) s += v[i].tag == 0 ? v[i].u.d * cos(v[i].u.d) : 0.01 * (double)v[i].u.l;
  return s;
}
static double o_var(double *x) { return variants(x, N); }

__attribute__((noinline)) float words(const float *x, int n) {
  uint32_t w[8];
  const uint32_t *src = (const uint32_t *)x;
  for (int i = 0; i < n; i++) w[i] = src[n - 1 - i];
  const float *y = (const float *)w;
  float s = 0.0f;
  for (int i = 0; i < n; i++) s += y[i] * (float)(i + 1) * x[i];
  return s;
}
static double o_words(double *x) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += x[N - 1 - i] * (i + 1) * x[i];
  return s;
}
float __enzyme_autodiff_f(void *, ...) __asm__("__enzyme_autodiff");
float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");

int main(void) {
  double x[N] = {0.4, -1.1, 0.75, 1.3, -0.2}, v[N] = {1, -0.5, 0.3, 0.8, -0.9}, one = 1.0;
  double j = __enzyme_fwddiff((void *)bytes_roundtrip, enzyme_dup, x, v, enzyme_const, N);
  double gb[N];
  for (int i = 0; i < N; i++) gb[i] = ck_fd_partial(o_bytes, x, i);
  CHECK("bytewise copy fwd", j, ck_dot(gb, v, N));
  double tb = __enzyme_fwddiff((void *)bump, 1.3, 1.0, enzyme_const, 3);
  CHECK("exponent bump fwd", tb, ck_fd1(o_bump, 1.3));

  double du[N] = {0};
  __enzyme_autodiff((void *)union_views, enzyme_dup, x, du, enzyme_const, N);
  ck_gradient("union views", du, o_union, x, N);
  double ju = __enzyme_fwddiff((void *)union_views, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("union views fwd", &one, &ju, 1, du, v, N);

  double dv[N] = {0};
  __enzyme_autodiff((void *)variants, enzyme_dup, x, dv, enzyme_const, N);
  ck_gradient("tagged variants", dv, o_var, x, N);
  double jv = __enzyme_fwddiff((void *)variants, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("tagged variants fwd", &one, &jv, 1, dv, v, N);

  float xf[N], df[N] = {0}, vf[N];
  double xd[N];
  for (int i = 0; i < N; i++) xf[i] = (float)x[i], xd[i] = xf[i], vf[i] = (float)v[i];
  __enzyme_autodiff_f((void *)words, enzyme_dup, xf, df, enzyme_const, N);
  char lab[64];
  for (int i = 0; i < N; i++) {
    snprintf(lab, sizeof lab, "float words: d/dx[%d]", i);
    CHECK_F32(lab, df[i], ck_fd_partial(o_words, xd, i));
  }
  float jf = __enzyme_fwddiff_f((void *)words, enzyme_dup, xf, vf, enzyme_const, N);
  double s = 0.0;
  for (int i = 0; i < N; i++) s += (double)df[i] * vf[i];
  CHECK_F32("float words fwd: dot", jf, s);
  return ck_done();
}
