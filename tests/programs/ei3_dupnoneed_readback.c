// TEST: enzyme_dupnoneed on an output buffer that the function reads back after writing it (a prefix sum in place, then a weighted read) in reverse and forward mode, enzyme_primal_return with a struct return in combined mode ({primal struct, gradients}); against finite differences and the dot-product test
#include "include/ck_array.h"

#define N 5

/* out is written, then read back: a dupnoneed output is still needed by the function itself */
__attribute__((noinline)) double prefix(const double *x, double *out, int n) {
  out[0] = x[0];
  for (int i = 1; i < n; i++) out[i] = out[i - 1] * 0.8 + x[i] * x[i];
  double s = 0.0;
  for (int i = 0; i < n; i++) s += out[i] * out[n - 1 - i];
  for (int i = 0; i < n; i++) out[i] = sqrt(1.0 + out[i] * out[i]);
  return s + out[n / 2];
}

typedef struct {
  double re, im;
} cd;
__attribute__((noinline)) cd cpow2(double a, double b) {
  cd r = {a * a - b * b, 2.0 * a * b};
  return r;
}
typedef struct {
  cd p;
  double da, db;
} pg;
pg __enzyme_autodiff_pr(void *, int, int, double, int, double) __asm__("__enzyme_autodiff");

static double prefix_obj(double *x) {
  double o[N];
  return prefix(x, o, N);
}
static double cp_obj(double *x) {
  cd r = cpow2(x[0], x[1]);
  return r.re + r.im;
}

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

int main(void) {
  double x[N] = {0.4, -0.9, 1.3, 0.7, -0.6};
  double v[N] = {1, -0.5, 0.25, 0.75, 0.3}, one = 1.0;
  double o[N], d_o[N] = {0}, dp[N] = {0};
  __enzyme_autodiff((void *)prefix, enzyme_dup, x, dp, enzyme_dupnoneed, o, d_o, enzyme_const, N);
  ck_gradient("dupnoneed read back", dp, prefix_obj, x, N);
  double fo[N], dfo[N];
  double jp = __enzyme_fwddiff((void *)prefix, enzyme_dup, x, v, enzyme_dupnoneed, fo, dfo, enzyme_const, N);
  ck_dot_test("dupnoneed read back fwd vs rev", &one, &jp, 1, dp, v, N);

  double xc[2] = {0.6, -1.4};
  pg r = __enzyme_autodiff_pr((void *)cpow2, enzyme_primal_return, enzyme_out, xc[0], enzyme_out, xc[1]);
  cd want = cpow2(xc[0], xc[1]);
  CHECK_PRIMAL("primal_return struct re", r.p.re, want.re);
  CHECK_PRIMAL("primal_return struct im", r.p.im, want.im);
  double g[2] = {r.da, r.db};
  ck_gradient("primal_return struct grads", g, cp_obj, xc, 2);
  return ck_done();
}
