// TEST: reverse mode through in-place updates that overwrite what they read: x[i] = g(x[i]) elementwise, an in-place prefix sum, an in-place reversal by swaps and a smoothing pass that reads neighbours already overwritten; gradients through the shadow of the updated array (seeded with w)
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);

#define N 7

static void map_inplace(double *x, int n) {
  for (int i = 0; i < n; i++) x[i] = sin(x[i]) * x[i] + exp(-x[i] * x[i]);
}
static void prefix_inplace(double *x, int n) {
  for (int i = 1; i < n; i++) x[i] = x[i - 1] * 0.5 + x[i] * x[i];
}
static void reverse_inplace(double *x, int n) {
  for (int i = 0, j = n - 1; i < j; i++, j--) {
    double t = x[i];
    x[i] = x[j] * t;
    x[j] = t;
  }
}
static void smooth_inplace(double *x, int n, int sweeps) {
  for (int s = 0; s < sweeps; s++)
    for (int i = 1; i < n - 1; i++) x[i] = (x[i - 1] + x[i] * x[i] + x[i + 1]) / 3.0;
}

static const double W[N] = {0.5, -1.0, 0.75, 2.0, -0.3, 1.2, 0.6};
typedef void (*Kernel)(double *);
static void k_map(double *x) { map_inplace(x, N); }
static void k_prefix(double *x) { prefix_inplace(x, N); }
static void k_reverse(double *x) { reverse_inplace(x, N); }
static void k_smooth(double *x) { smooth_inplace(x, N, 5); }
static Kernel CUR;
static double F(double *x) {
  double y[N];
  memcpy(y, x, sizeof y);
  CUR(y);
  return ck_dot(W, y, N);
}

static void check(const char *what, Kernel k, double *x, double *y, double *dy) {
  CUR = k;
  ck_gradient(what, dy, F, x, N);
  double ref[N];
  memcpy(ref, x, sizeof ref);
  k(ref);
  for (int i = 0; i < N; i++) CHECK_PRIMAL("in-place update: primal result", y[i], ref[i]);
}

int main(void) {
  double x[N] = {0.3, -0.8, 1.2, 0.45, -0.15, 0.9, -1.1};
  double y[N], dy[N];
#define RUN(what, k, call)                                                                        \
  do {                                                                                            \
    memcpy(y, x, sizeof y);                                                                       \
    memcpy(dy, W, sizeof dy);                                                                     \
    call;                                                                                         \
    check(what, k, x, y, dy);                                                                     \
  } while (0)
  RUN("x[i] = g(x[i])", k_map, __enzyme_autodiff((void *)map_inplace, enzyme_dup, y, dy, enzyme_const, N));
  RUN("in-place prefix", k_prefix, __enzyme_autodiff((void *)prefix_inplace, enzyme_dup, y, dy, enzyme_const, N));
  RUN("in-place reversal", k_reverse, __enzyme_autodiff((void *)reverse_inplace, enzyme_dup, y, dy, enzyme_const, N));
  RUN("in-place smoothing, 5 sweeps", k_smooth, __enzyme_autodiff((void *)smooth_inplace, enzyme_dup, y, dy, enzyme_const, N, enzyme_const, 5));
  return ck_done();
}
