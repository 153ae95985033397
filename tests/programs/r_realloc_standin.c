// TEST: realloc of a block that is, at run time, either active memory with a shadow or the caller's enzyme_const scratch block standing in for its own shadow (a pointer that merges both, passed to a helper that reallocs it): the active case moves its adjoints through the new block, the inactive one keeps the new block standing in and frees no shadow; both gradients against finite differences, the dot-product test against forward mode, and leak-free under ASan
#include "include/ck_array.h"
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
/* p is either a copy of the active input (shadowed) or the caller's inactive scratch block. */
__attribute__((noinline)) static double *grow(double *p, int n) { return realloc(p, sizeof(double) * 2 * n); }
static double f(const double *x, double *scratch, int n, int use_scratch) {
  double *p;
  if (use_scratch) {
    p = scratch;
    for (int i = 0; i < n; i++) p[i] = 0.5 * i;
  } else {
    p = malloc(sizeof(double) * n);
    for (int i = 0; i < n; i++) p[i] = x[i] * x[i];
  }
  p = grow(p, n);
  for (int i = 0; i < n; i++) p[n + i] = 2.0 * p[i];
  double s = 0;
  for (int i = 0; i < 2 * n; i++) s += sin(p[i]) * x[i % n];
  free(p);
  return s;
}
#define N 6
static int flag;
static double F(double *x) {
  double *sc = malloc(sizeof(double) * N);
  double r = f(x, sc, N, flag);
  if (!flag) free(sc); /* f frees (its realloc of) the scratch block only when it uses it */
  return r;
}
int main(void) {
  double x[N], dx[N];
  for (int i = 0; i < N; i++) x[i] = 0.3 + 0.2 * i;
  for (flag = 0; flag < 2; flag++) {
    for (int i = 0; i < N; i++) dx[i] = 0;
    double *sc = malloc(sizeof(double) * N);
    __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, sc, enzyme_const, N, enzyme_const, flag);
    if (!flag) free(sc);
    ck_gradient(flag ? "scratch" : "own copy", dx, F, x, N);
    double v[N], one = 1.0;
    for (int i = 0; i < N; i++) v[i] = cos(1.0 + i);
    double *sc2 = malloc(sizeof(double) * N);
    double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v, enzyme_const, sc2, enzyme_const, N, enzyme_const, flag);
    if (!flag) free(sc2);
    ck_dot_test(flag ? "scratch" : "own copy", &one, &jv, 1, dx, v, N);
  }
  return ck_done();
}
