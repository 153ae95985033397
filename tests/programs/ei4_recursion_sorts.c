// TEST: recursion as Enzyme users write it: a top-level recursive function differentiated with enzyme_out scalars (x^n by squaring with an integer exponent, and a recursive continued fraction), a recursive merge sort of active values through a malloc'd scratch buffer per level followed by a weighted sum of the sorted values, and a recursive function returning a struct {double value, slope} by value; reverse and forward mode against finite differences and the dot-product test
#include "include/ck_array.h"

__attribute__((noinline)) double powsq(double x, int n) {
  if (n == 0) return 1.0;
  double h = powsq(x, n / 2);
  return (n & 1) ? h * h * x : h * h;
}
__attribute__((noinline)) double cfrac(double a, double b, int depth) {
  if (depth == 0) return a;
  return a + b / (1.0 + cfrac(a * 0.5, b, depth - 1));
}
typedef struct {
  double da, db;
} gab;
gab __enzyme_autodiff_ab(void *, ...) __asm__("__enzyme_autodiff");
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static void merge(double *a, int lo, int mid, int hi) {
  double *t = malloc((hi - lo) * sizeof(double));
  int i = lo, j = mid, k = 0;
  while (i < mid && j < hi) t[k++] = (a[i] <= a[j]) ? a[i++] : a[j++];
  while (i < mid) t[k++] = a[i++];
  while (j < hi) t[k++] = a[j++];
  memcpy(a + lo, t, (hi - lo) * sizeof(double));
  free(t);
}
static void msort(double *a, int lo, int hi) {
  if (hi - lo < 2) return;
  int mid = lo + (hi - lo) / 2;
  msort(a, lo, mid);
  msort(a, mid, hi);
  merge(a, lo, mid, hi);
}
#define N 7
__attribute__((noinline)) double sorted_weights(const double *x, int n) {
  double *a = malloc(n * sizeof(double));
  for (int i = 0; i < n; i++) a[i] = x[i] * x[i] - x[(i + 1) % n];
  msort(a, 0, n);
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a[i] * (i + 1) * (i + 1);
  free(a);
  return s;
}

typedef struct {
  double v, s;
} vs;
static vs walk(const double *x, int i, int n) {
  if (i == n) {
    vs r = {1.0, 0.0};
    return r;
  }
  vs t = walk(x, i + 1, n);
  vs r = {t.v * cos(x[i]) + t.s, t.s * 0.5 + x[i] * t.v};
  return r;
}
__attribute__((noinline)) double walker(const double *x, int n) {
  vs r = walk(x, 0, n);
  return r.v * r.s + r.v;
}

static double o_sort(double *x) { return sorted_weights(x, N); }
static double o_walk(double *x) { return walker(x, N); }
static double o_cf(double *p) { return cfrac(p[0], p[1], 6); }
static double o_pow(double x) { return powsq(x, 13); }

int main(void) {
  double g = __enzyme_autodiff((void *)powsq, enzyme_out, 1.07, enzyme_const, 13);
  CHECK("x^13 by squaring", g, ck_fd1(o_pow, 1.07));
  double t = __enzyme_fwddiff((void *)powsq, 1.07, 1.0, enzyme_const, 13);
  CHECK("x^13 by squaring fwd", t, g);
  double p[2] = {0.8, 1.3};
  gab c = __enzyme_autodiff_ab((void *)cfrac, enzyme_out, p[0], enzyme_out, p[1], enzyme_const, 6);
  double gc[2] = {c.da, c.db};
  ck_gradient("continued fraction", gc, o_cf, p, 2);

  double x[N] = {0.3, -1.2, 0.75, 1.6, -0.4, 0.05, 0.9};
  double v[N] = {1, -0.5, 0.25, 0.8, -0.3, 0.6, -0.9}, one = 1.0;
  double d[N] = {0};
  __enzyme_autodiff((void *)sorted_weights, enzyme_dup, x, d, enzyme_const, N);
  ck_gradient("merge sort", d, o_sort, x, N);
  double jv = __enzyme_fwddiff((void *)sorted_weights, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("merge sort fwd", &one, &jv, 1, d, v, N);

  double dw[N] = {0};
  __enzyme_autodiff((void *)walker, enzyme_dup, x, dw, enzyme_const, N);
  ck_gradient("recursive struct walk", dw, o_walk, x, N);
  double jw = __enzyme_fwddiff((void *)walker, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("recursive struct walk fwd", &one, &jw, 1, dw, v, N);
  return ck_done();
}
