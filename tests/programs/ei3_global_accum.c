// TEST: global accumulators in differentiated code: a file-scope double that a helper adds into on every call (reset at entry, read at the end), a global array used as scratch by two helpers, a static counter (integer, inactive) that selects a branch, a global struct holding an active running mean and an inactive count, updated through a pointer to the global; reverse against finite differences, reverse against forward (dot-product test), and the primal values the globals hold afterwards
#include "include/ck_array.h"

#define N 6

double g_acc;
static double g_scratch[N];
static int g_calls;
struct stats {
  double mean;
  int count;
} g_stats;

__attribute__((noinline)) static void acc_add(double v) {
  g_acc += v * v;
  g_calls++;
}
__attribute__((noinline)) static void fill(const double *x, int n) {
  for (int i = 0; i < n; i++) g_scratch[i] = x[i] * (g_calls % 2 ? 1.5 : 0.5);
}
__attribute__((noinline)) static void update(struct stats *st, double v) {
  st->count++;
  st->mean += (v - st->mean) / st->count;
}

__attribute__((noinline)) double accum(const double *x, int n) {
  g_acc = 0.0;
  g_calls = 0;
  g_stats.mean = 0.0;
  g_stats.count = 0;
  for (int i = 0; i < n; i++) {
    acc_add(x[i] * 0.5 + 0.1);
    fill(x, n);
    double t = 0.0;
    for (int j = 0; j < n; j++) t += g_scratch[j] * x[(i + j) % n];
    update(&g_stats, sin(t));
    acc_add(t * 0.1);
  }
  return g_acc * g_stats.mean + g_scratch[2];
}

static double obj(double *x) { return accum(x, N); }

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

int main(void) {
  double x[N] = {0.3, -0.5, 0.8, 0.1, -0.9, 0.6}, dx[N] = {0};
  double want = obj(x);
  double want_acc = g_acc, want_mean = g_stats.mean;
  __enzyme_autodiff((void *)accum, enzyme_dup, x, dx, enzyme_const, N);
  CHECK_PRIMAL("global acc after reverse", g_acc, want_acc);
  CHECK_PRIMAL("global mean after reverse", g_stats.mean, want_mean);
  CHECK("global count after reverse", g_stats.count, N);
  ck_gradient("global accumulators", dx, obj, x, N);
  double v[N] = {1, 0.5, -0.5, 0.25, -1, 0.75};
  double jv = __enzyme_fwddiff((void *)accum, enzyme_dup, x, v, enzyme_const, N);
  double one = 1.0;
  ck_dot_test("global accumulators fwd vs rev", &one, &jv, 1, dx, v, N);
  CHECK_PRIMAL("primal", obj(x), want);
  return ck_done();
}
