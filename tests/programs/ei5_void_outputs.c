// TEST: __enzyme_autodiff of void functions whose results leave only through pointers: several output arrays of different lengths seeded with their own weights (enzyme_dup outputs whose shadows hold the seeds and are zeroed by the reverse pass), an output that is also read back inside (accumulate into out[i] +=), an output struct {double mean, var;} written through a pointer, an output written by a noinline helper through a pointer to a pointer, and enzyme_dupnoneed outputs; forward mode tangents of the same outputs; against finite differences of the weighted outputs and the dot-product test
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);

typedef struct {
  double mean, var;
} stats;
__attribute__((noinline)) static void put(double **slot, int i, double v) { (*slot)[i] = v; }
#define N 6
__attribute__((noinline)) void multi(const double *x, double *sq, double *acc, stats *st, double *tail, int n) {
  double m = 0.0;
  for (int i = 0; i < n; i++) m += x[i];
  m /= n;
  double v = 0.0;
  for (int i = 0; i < n; i++) v += (x[i] - m) * (x[i] - m);
  st->mean = m;
  st->var = v / (n - 1);
  for (int i = 0; i < n; i++) sq[i] = x[i] * x[i];
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < 3; i++) acc[i] += sq[i + k] * x[(i + 2 * k) % n];
  double *tp = tail;
  for (int i = 0; i < 2; i++) put(&tp, i, exp(0.3 * x[n - 1 - i]) * st->var);
}
static double WS[N], WA[3], WT[2], WM = 0.7, WV = -1.3, ACC0[3] = {0.1, 0.2, -0.3};
static double o_multi(double *x) {
  double sq[N], acc[3], tail[2];
  stats st;
  memcpy(acc, ACC0, sizeof acc);
  multi(x, sq, acc, &st, tail, N);
  return ck_dot(WS, sq, N) + ck_dot(WA, acc, 3) + ck_dot(WT, tail, 2) + WM * st.mean + WV * st.var;
}

int main(void) {
  for (int i = 0; i < N; i++) WS[i] = 0.5 - 0.2 * i;
  WA[0] = 1.0, WA[1] = -0.4, WA[2] = 0.9, WT[0] = 0.6, WT[1] = -1.1;
  double x[N] = {0.4, -0.9, 1.3, 0.2, 0.75, -0.35}, dx[N] = {0};
  double sq[N], dsq[N], acc[3], dacc[3], tail[2], dtail[2];
  stats st, dst = {WM, WV};
  memcpy(dsq, WS, sizeof dsq);
  memcpy(dacc, WA, sizeof dacc);
  memcpy(dtail, WT, sizeof dtail);
  memcpy(acc, ACC0, sizeof acc);
  __enzyme_autodiff((void *)multi, enzyme_dup, x, dx, enzyme_dup, sq, dsq, enzyme_dup, acc, dacc, enzyme_dup, &st, &dst,
                    enzyme_dupnoneed, tail, dtail, enzyme_const, N);
  ck_gradient("void multi-output", dx, o_multi, x, N);
  CHECK("void multi-output: stats shadow zeroed", fabs(dst.mean) + fabs(dst.var), 0.0);
  /* acc is read and written: its shadow keeps the seed's flow to the input value of acc */
  for (int i = 0; i < 3; i++) CHECK("void multi-output: acc seed passes through", dacc[i], WA[i]);

  double v[N] = {1.0, 0.3, -0.6, 0.2, 0.9, -0.4};
  double tsq[N] = {0}, tacc[3] = {0}, ttail[2] = {0};
  stats tst = {0, 0};
  memcpy(acc, ACC0, sizeof acc);
  __enzyme_fwddiff((void *)multi, enzyme_dup, x, v, enzyme_dup, sq, tsq, enzyme_dup, acc, tacc, enzyme_dup, &st, &tst,
                   enzyme_dupnoneed, tail, ttail, enzyme_const, N);
  double jv = ck_dot(WS, tsq, N) + ck_dot(WA, tacc, 3) + ck_dot(WT, ttail, 2) + WM * tst.mean + WV * tst.var;
  double one = 1.0;
  ck_dot_test("void multi-output fwd", &one, &jv, 1, dx, v, N);
  return ck_done();
}
