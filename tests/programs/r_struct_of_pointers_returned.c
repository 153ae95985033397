// TEST: reverse and forward mode through functions that return a struct of two pointers by value ({ptr, ptr} at -O0) and take one by value: the pointers are taken apart, stored into a local struct, written through and read through, and a struct of a pointer and a length ({ptr, i64}) is returned and indexed
#include <math.h>

#include "include/ck_array.h"

extern double __enzyme_autodiff(void *, ...);
extern double __enzyme_fwddiff(void *, ...);

typedef struct {
  double *a;
  double *b;
} Pair;
typedef struct {
  double *p;
  long n;
} Span;

__attribute__((noinline)) static Pair pick(double *x, double *y, int k) {
  Pair p = {x + k, y};
  return p;
}
__attribute__((noinline)) static double use(Pair p) { return p.a[0] * p.b[1]; }
__attribute__((noinline)) static Span tail(double *x, long n, long from) {
  Span s = {x + from, n - from};
  return s;
}

static double f(double *z) {
  double y[3] = {z[3], z[4], z[5]};
  Pair p = pick(z, y, 1);
  Pair q = pick(y, z, 0);
  p.b[0] = p.a[0] * q.a[1];
  Span s = tail(z, 6, 2);
  double t = 0;
  for (long i = 0; i < s.n; i++) t += s.p[i] * (double)(i + 1);
  return p.a[0] * p.b[0] + p.a[1] + sin(q.b[2]) + use(q) + t * t / 10.0;
}

int main() {
  double z[6] = {0.5, 1.5, -0.7, 2.0, 0.3, 1.1}, dz[6] = {0};
  __enzyme_autodiff((void *)f, enzyme_dup, z, dz);
  ck_gradient("struct of pointers: d/dz", dz, f, z, 6);
  double v[6] = {0.3, -1.0, 0.5, 2.0, -0.25, 0.75};
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, z, v);
  double one = 1.0;
  ck_dot_test("struct of pointers: forward against reverse", &one, &jv, 1, dz, v, 6);
  return ck_done();
}
