// TEST: casts and bit-level code on the active path: a double punned through a union with uint64_t and back, the sign flipped by xor with the sign bit and cleared by and with its complement (fneg and fabs written as integer operations, kept as such at -O0), a float punned through uint32_t, a double copied into an int64_t with memcpy and back, a value split into integer and fractional parts by (int) and (long) casts, unsigned-to-double conversions of inactive counters, double to float and back; reverse and forward mode against finite differences and the dot-product test
#include <stdint.h>
#include "include/ck_array.h"

#define N 5
typedef union {
  double d;
  uint64_t u;
} pun;
typedef union {
  float f;
  uint32_t u;
} punf;

__attribute__((noinline)) double negbits(double x) {
  pun p;
  p.d = x;
  p.u ^= 0x8000000000000000ull;
  return p.d;
}
__attribute__((noinline)) double absbits(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  u &= 0x7fffffffffffffffull;
  double r;
  memcpy(&r, &u, sizeof r);
  return r;
}
__attribute__((noinline)) float fneg_bits(float x) {
  punf p;
  p.f = x;
  p.u ^= 0x80000000u;
  return p.f;
}

__attribute__((noinline)) double f(const double *x, int n) {
  double s = 0.0;
  for (unsigned i = 0; i < (unsigned)n; i++) {
    pun p;
    p.d = x[i];
    uint64_t keep = p.u; /* identity round trip */
    p.u = keep;
    s += p.d * (double)(i + 1u);
  }
  s += negbits(x[0] * x[1]) + absbits(x[2] - 1.0) * x[3];
  s += x[4] * 0.5;
  int64_t bits;
  memcpy(&bits, &x[1], sizeof bits); /* copied as an integer, then back */
  double back;
  memcpy(&back, &bits, sizeof back);
  s += back * back * 3.0 + x[3];
  double y = 7.3 * x[2];
  int k = (int)y;
  long kl = (long)(x[3] * 100.0);
  s += (y - k) * (y - k) + (x[3] * 100.0 - (double)kl) * 0.01 + k + kl;
  return s;
}
/* float: punned negation, a round trip through float of a double value */
__attribute__((noinline)) float ff(float a, double b) {
  float g = (float)(b * 0.5);
  return fneg_bits(a * a) * 2.0f + g * g * a + (float)((double)a * b);
}
typedef struct {
  float da;
  double db;
} gfd;
gfd __enzyme_autodiff_gfd(void *, ...) __asm__("__enzyme_autodiff");
float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
static double obj(double *x) { return f(x, N); }

int main(void) {
  double x[N] = {0.6, -1.3, 0.45, 0.7735, 0.9};
  double d[N] = {0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, d, enzyme_const, N);
  /* the float parts carry float rounding: compare them with the float tolerance */
  ck_gradient("bits and casts", d, obj, x, N);
  double v[N] = {0.5, -1, 0.25, 0.7, 0.4}, one = 1.0;
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("bits and casts fwd", &one, &jv, 1, d, v, N);
  float a = 0.7f;
  double b = -1.1;
  gfd g = __enzyme_autodiff_gfd((void *)ff, a, b);
  double g0 = b * 0.5, want_a = -4.0 * a + g0 * g0 + b, want_b = g0 * a + a;
  CHECK_F32("float punned d/da", g.da, want_a);
  CHECK_F32("float round trip d/db", g.db, want_b);
  float ta = __enzyme_fwddiff_f((void *)ff, a, 1.0f, b, 0.5);
  CHECK_F32("float fwd vs rev", ta, g.da + 0.5 * g.db);
  return ck_done();
}
