// TEST: global arrays used as active state inside the differentiated function, without shadows the user declares: a file-scope work array that a noinline helper fills from the input and a second helper reduces (written and read inside every call), a global ring of past values updated in a loop (a moving average), a global pointer set inside to a stack array, an enzyme_const global table passed as an argument next to a constant global read directly, and a global pointer that main sets to a malloc'd table, registered with __enzyme_inactive_global (unregistered it faults: tests/regressions/ei5_global_pointer_unset_shadow.c, KNOWN-BUG); reverse against finite differences and the dot-product test with forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 6
static double work[N];
static double ring[3];
static int rpos;
static double *cur;
static const double TBL[N] = {0.5, 1.5, -0.25, 0.75, 2.0, -1.0};
static double scale_g = 0.8;
double *coeffs;
void *__enzyme_inactive_global[] = {(void *)&coeffs};

__attribute__((noinline)) static void fill(const double *x, int n) {
  for (int i = 0; i < n; i++) work[i] = sin(x[i]) * TBL[i] + scale_g * x[i];
}
__attribute__((noinline)) static double reduce(int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += work[i] * work[(i + 1) % n];
  return s;
}
static double push(double v) {
  ring[rpos] = v;
  rpos = (rpos + 1) % 3;
  return (ring[0] + ring[1] + ring[2]) / 3.0;
}
__attribute__((noinline)) double fstate(const double *x, const double *tbl, int n) {
  fill(x, n);
  double r = reduce(n);
  ring[0] = ring[1] = ring[2] = 0.0;
  rpos = 0;
  double ma = 0.0;
  for (int i = 0; i < n; i++) ma += push(work[i] * tbl[i]) * x[i];
  double local[N];
  cur = local;
  for (int i = 0; i < n; i++) cur[i] = work[i] * work[i];
  double q = 0.0;
  for (int i = 0; i < n; i++) q += cur[i] / (1.0 + i) * coeffs[i % 3];
  return r + ma + q;
}
static double o_f(double *x) { return fstate(x, TBL, N); }

int main(void) {
  coeffs = malloc(3 * sizeof(double));
  for (int i = 0; i < 3; i++) coeffs[i] = 1.0 + 0.5 * i;
  double x[N] = {0.3, -0.8, 1.1, 0.45, -0.2, 0.9}, d[N] = {0}, v[N] = {1, 0.5, -0.3, 0.2, -1, 0.7}, one = 1.0;
  __enzyme_autodiff((void *)fstate, enzyme_dup, x, d, enzyme_const, TBL, enzyme_const, N);
  ck_gradient("global work arrays", d, o_f, x, N);
  double jv = __enzyme_fwddiff((void *)fstate, enzyme_dup, x, v, enzyme_const, TBL, enzyme_const, N);
  ck_dot_test("global work arrays fwd", &one, &jv, 1, d, v, N);
  /* a second gradient after the globals hold the last call's values */
  double d2[N] = {0};
  __enzyme_autodiff((void *)fstate, enzyme_dup, x, d2, enzyme_const, TBL, enzyme_const, N);
  ck_gradient("global work arrays again", d2, o_f, x, N);
  return ck_done();
}
