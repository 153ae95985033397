// TEST: reverse mode through memory layouts C code uses: a malloc'd block aligned by hand with integer masks on the pointer (the shadow is aligned the same way inside its own block), a struct with a flexible array member, a union of double, uint64 and two uint32 words (an absolute value made by clearing the sign bit, a sign read from the high word), and an array of structs with bit-fields between the doubles; gradients against finite differences and the dot-product test against forward mode
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

/* manual alignment */
static double f_align(double *x, int n) {
  char *raw = malloc(n * sizeof(double) + 64);
  double *a = (double *)(((uintptr_t)raw + 63) & ~(uintptr_t)63);
  for (int i = 0; i < n; i++) a[i] = x[i] * x[i];
  double s = 0;
  for (int i = 0; i < n; i++) s += a[i] * a[(i + 1) % n];
  free(raw);
  return s;
}
/* flexible array member */
typedef struct { int n; double d[]; } fvec;
static double f_flex(double *x, int n) {
  fvec *v = malloc(sizeof(fvec) + n * sizeof(double));
  v->n = n;
  for (int i = 0; i < n; i++) v->d[i] = exp(0.3 * x[i]);
  double s = 0;
  for (int i = 0; i < v->n; i++) s += v->d[i] * x[(i + 2) % n];
  free(v);
  return s;
}
/* union of double and bits */
typedef union { double d; uint64_t u; struct { uint32_t lo, hi; } w; } dbits;
static double f_union(double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) {
    dbits b; b.d = x[i] * 1.5;
    int neg = (b.w.hi >> 31) & 1;
    b.u &= ~(1ull << 63); /* fabs via bits */
    s += b.d * (neg ? 2.0 : 1.0) + x[i];
  }
  return s;
}
/* bitfields next to doubles */
typedef struct { unsigned flag : 1; unsigned kind : 3; double w; unsigned cnt : 5; double v[2]; } bf;
static double f_bits(double *x, int n) {
  bf arr[6];
  for (int i = 0; i < n; i++) { arr[i].flag = i & 1; arr[i].kind = i % 5; arr[i].w = x[i]; arr[i].cnt = i; arr[i].v[0] = x[i] * x[i]; arr[i].v[1] = x[(i + 1) % n]; }
  double s = 0;
  for (int i = 0; i < n; i++) s += arr[i].flag ? arr[i].w * arr[i].v[1] : arr[i].v[0] * arr[i].kind + arr[i].cnt * arr[i].w;
  return s;
}
#define N 6
typedef double (*kernel)(double *, int);
static kernel K;
static double F(double *x) { double y[N]; memcpy(y, x, sizeof y); return K(y, N); }
static inline __attribute__((always_inline)) void one(const char *what, kernel f, const double *x0, const double *v) {
  double x[N], dx[N] = {0}, one = 1.0;
  memcpy(x, x0, sizeof x);
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, N);
  K = f;
  double xr[N]; memcpy(xr, x0, sizeof xr);
  ck_gradient(what, dx, F, xr, N);
  double vx[N], vv[N]; memcpy(vx, x0, sizeof vx); memcpy(vv, v, sizeof vv);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, vx, vv, enzyme_const, N);
  ck_dot_test(what, &one, &jv, 1, dx, v, N);
}
int main(void) {
  const double x[N] = {0.83, -0.61, 1.17, 0.37, -1.29, 1.61};
  const double v[N] = {0.4, 1.0, -0.7, 0.2, 1.3, -0.9};
  one("pointer aligned by integer masks", f_align, x, v);
  one("flexible array member", f_flex, x, v);
  one("union of double and words", f_union, x, v);
  one("bit-fields between doubles", f_bits, x, v);
  return ck_done();
}
