// TEST: libc qsort, qsort_r and bsearch inside differentiated code, on integer index arrays and constant tables (an argsort by the active values through a comparator that reads them from a file-scope pointer, an argsort by an enzyme_const key table, a bsearch over a static const table, qsort_r with the active values as the comparator's context; they were refused as calls without a derivative): the active values are then gathered in sorted order; reverse, forward, width-2 forward and split gradients against finite differences and reverse against forward
#define _GNU_SOURCE
#include <stdlib.h>

#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
typedef struct {
  double d[2];
} Lanes2;
Lanes2 __enzyme_fwddiff_w2(void *, ...);

static const double *g_keys;

static int by_key(const void *a, const void *b) {
  double ka = g_keys[*(const int *)a], kb = g_keys[*(const int *)b];
  return (ka > kb) - (ka < kb);
}

/* Drops the smallest and the largest value, weights the rest by rank. */
__attribute__((noinline)) double ranked(const double *x, int n) {
  int *idx = malloc(sizeof(int) * n);
  for (int i = 0; i < n; i++) idx[i] = i;
  g_keys = x;
  qsort(idx, n, sizeof(int), by_key);
  double s = 0.0;
  for (int r = 1; r < n - 1; r++) s += (1.0 + 0.5 * r) * x[idx[r]] * x[idx[r]] + sin(x[idx[r]]);
  free(idx);
  return s;
}

/* glibc's qsort_r: the active values reach the comparator as its context argument. */
static int by_context(const void *a, const void *b, void *ctx) {
  const double *keys = ctx;
  double ka = keys[*(const int *)a], kb = keys[*(const int *)b];
  return (ka < kb) - (ka > kb); /* descending */
}
__attribute__((noinline)) double ranked_r(const double *x, int n) {
  int idx[16];
  for (int i = 0; i < n; i++) idx[i] = i;
  qsort_r(idx, n, sizeof(int), by_context, (void *)x);
  double s = 0.0;
  for (int r = 0; r < 3; r++) s += exp(-0.5 * r) * x[idx[r]] * cos(x[idx[r]]);
  return s;
}

static int cmp_double(const void *a, const void *b) {
  double u = *(const double *)a, v = *(const double *)b;
  return (u > v) - (u < v);
}

/* The order comes from an inactive key table (descending, through qsort_r's context); the values
   follow it; the table itself is sorted too (ascending). Each value is then placed between knots
   found by bsearch (knots inactive). */
static const double KNOTS[4] = {-1.0, 0.0, 1.0, 2.0};

__attribute__((noinline)) double by_table(const double *x, const double *keys, int n, int nk) {
  int idx[16];
  double sorted_keys[16];
  for (int i = 0; i < n; i++) {
    idx[i] = i;
    sorted_keys[i] = keys[i];
  }
  qsort_r(idx, n, sizeof(int), by_context, (void *)keys);
  qsort(sorted_keys, n, sizeof(double), cmp_double);
  double s = 0.0;
  for (int r = 0; r < n; r++) {
    double v = x[idx[r]];
    double probe = KNOTS[r % nk];
    const double *hit = bsearch(&probe, KNOTS, nk, sizeof(double), cmp_double);
    int j = hit ? (int)(hit - KNOTS) : 0;
    s += v * v * (1.0 + j) * sorted_keys[r] + exp(0.2 * v) * (r + 1);
  }
  return s;
}

#define N 7
static const double KEYS[N] = {0.3, -1.2, 2.5, 0.9, -0.4, 1.7, 0.05};
static double F_ranked(double *x) { return ranked(x, N); }
static double F_table(double *x) { return by_table(x, KEYS, N, 4); }
static double F_ranked_r(double *x) { return ranked_r(x, N); }

int main(void) {
  double x[N] = {0.8, -0.3, 1.4, 0.1, -1.1, 0.55, 0.95};
  double v[N], w[N];
  for (int i = 0; i < N; i++) {
    v[i] = cos(0.9 * i + 0.2);
    w[i] = sin(1.7 * i - 0.3);
  }

  double g[N] = {0};
  __enzyme_autodiff((void *)ranked, enzyme_dup, x, g, enzyme_const, N);
  ck_gradient("argsort by active values: reverse", g, F_ranked, x, N);
  CHECK("argsort by active values: forward vs reverse",
        __enzyme_fwddiff((void *)ranked, enzyme_dup, x, v, enzyme_const, N), ck_dot(g, v, N));
  Lanes2 l = __enzyme_fwddiff_w2((void *)ranked, enzyme_width, 2, enzyme_dup, x, v, w, enzyme_const, N);
  CHECK("argsort by active values: width 2 lane 0", l.d[0], ck_dot(g, v, N));
  CHECK("argsort by active values: width 2 lane 1", l.d[1], ck_dot(g, w, N));

  double h[N] = {0};
  __enzyme_autodiff((void *)by_table, enzyme_dup, x, h, enzyme_const, KEYS, enzyme_const, N,
                    enzyme_const, 4);
  ck_gradient("argsort by a const table: reverse", h, F_table, x, N);
  CHECK("argsort by a const table: forward vs reverse",
        __enzyme_fwddiff((void *)by_table, enzyme_dup, x, v, enzyme_const, KEYS, enzyme_const, N,
                         enzyme_const, 4),
        ck_dot(h, v, N));

  double k[N] = {0};
  __enzyme_autodiff((void *)ranked_r, enzyme_dup, x, k, enzyme_const, N);
  ck_gradient("qsort_r by active values in the context: reverse", k, F_ranked_r, x, N);
  CHECK("qsort_r: forward vs reverse", __enzyme_fwddiff((void *)ranked_r, enzyme_dup, x, v, enzyme_const, N),
        ck_dot(k, v, N));
  return ck_done();
}
