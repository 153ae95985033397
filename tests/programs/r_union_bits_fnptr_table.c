// TEST: reverse and forward mode through a union of double and uint64 bit fields (sign flip and exponent tests on the bits), integer casts of active values used as indices, a global counter, and a table of function pointers chosen by a runtime int
#include <stdint.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef union {
  double d;
  uint64_t u;
  struct { uint32_t lo, hi; } w;
} dbits;

static int calls;

static double op_sq(double a) { return a * a; }
static double op_exp(double a) { return exp(0.5 * a); }
static double op_sin(double a) { return sin(a) + a; }
static double (*const ops[3])(double) = {op_sq, op_exp, op_sin};

static double negate_bits(double a) {
  dbits b;
  b.d = a;
  b.u ^= 0x8000000000000000ull;
  return b.d;
}

static double kernel(const double *x, int n, int sel) {
  double s = 0.0;
  calls++;
  for (int i = 0; i < n; i++) {
    dbits b;
    b.d = x[i];
    int neg = (int)(b.w.hi >> 31);
    double v = neg ? negate_bits(x[i]) : x[i];  /* |x| by bits */
    int idx = ((int)(v * 2.0) + i + sel) % 3;
    s += ops[idx](v) * (double)(i + 1);
    long q = (long)(x[i] * 10.0);
    s += (double)q * 0.01 * x[i];
  }
  return s;
}

#define N 6
static int SEL = 1;
static double F(double *x) { return kernel(x, N, SEL); }

int main() {
  double x[N] = {0.31, -0.72, 1.13, -0.24, 0.57, 1.66};
  for (SEL = 0; SEL < 3; SEL++) {
    double dx[N] = {0};
    __enzyme_autodiff((void *)kernel, enzyme_dup, x, dx, enzyme_const, N, enzyme_const, SEL);
    ck_gradient("union bits reverse", dx, F, x, N);
    for (int i = 0; i < N; i++) {
      double v[N] = {0};
      v[i] = 1.0;
      double t = __enzyme_fwddiff((void *)kernel, enzyme_dup, x, v, enzyme_const, N, enzyme_const, SEL);
      CHECK("union bits forward", t, dx[i]);
    }
  }
  if (calls < 1) return 1;
  return ck_done();
}
