// TEST: enzyme_interleave in forward mode: the primals first, then after the marker the shadows in the parameters' order; parameters without a marker take the previous parameter's activity (enzyme_dup for the first); a whole-call marker after the shadows (MFEM's enzyme_runtime_activity); at enzyme_width 2 (each parameter's lanes one after another); tangents against finite differences
#include "include/catalase_check.h"

extern int enzyme_interleave, enzyme_runtime_activity;
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double d[2];
} lanes2;
lanes2 __enzyme_fwddiff_w2(void *, ...);

/* h(x, p, n, out): out[0..1] and a result from x and the two doubles p points to. */
__attribute__((noinline)) static double h(double x, const double *p, int n, double *out) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += p[i % 2] * cos(x * (i + 1));
  out[0] = s * x;
  out[1] = p[0] * p[1] + exp(0.3 * x);
  return s + x * x;
}

static double X = 0.45, P[2] = {1.2, -0.35};
static int N = 4, K, OUT;
/* Along direction K (0: x, 1: p[0], 2: p[1]), output OUT (0: result, 1: out[0], 2: out[1]). */
static double along(double t) {
  double p[2] = {P[0] + (K == 1 ? t : 0.0), P[1] + (K == 2 ? t : 0.0)}, out[2];
  double r = h(X + (K == 0 ? t : 0.0), p, N, out);
  return OUT == 0 ? r : out[OUT - 1];
}
static double fd(int k, int o) {
  K = k;
  OUT = o;
  return ck_fd1(along, 0.0);
}

int main(void) {
  double x = X, out[2];
  const double *p = P;
  int n = N;
  char label[96];

  /* x and p without markers: enzyme_dup (the first's default, then inherited). */
  {
    double dp[2] = {0.0, 1.0}, dout[2];
    double d = __enzyme_fwddiff((void *)h, x, p, enzyme_const, n, enzyme_dup, out, enzyme_interleave, 1.0, dp, dout);
    CHECK("inherited dup: d result (x + p[1])", d, fd(0, 0) + fd(2, 0));
    CHECK("inherited dup: d out[0]", dout[0], fd(0, 1) + fd(2, 1));
    CHECK("inherited dup: d out[1]", dout[1], fd(0, 2) + fd(2, 2));
  }

  /* Explicit markers, a const primal, and enzyme_runtime_activity after the shadows. */
  {
    double dp[2] = {1.0, 0.0}, dout[2];
    double d = __enzyme_fwddiff((void *)h, enzyme_const, x, enzyme_dup, p, enzyme_const, n, enzyme_dup, out, enzyme_interleave,
                                dp, dout, enzyme_runtime_activity);
    CHECK("MFEM form: d result / dp[0]", d, fd(1, 0));
    CHECK("MFEM form: d out[0] / dp[0]", dout[0], fd(1, 1));
    CHECK("MFEM form: d out[1] / dp[0]", dout[1], fd(1, 2));
  }

  /* Width 2: each duplicated parameter's two lanes one after another. */
  {
    double dp0[2] = {0.0, 0.0}, dp1[2] = {0.0, 1.0}, dout0[2], dout1[2];
    lanes2 w = __enzyme_fwddiff_w2((void *)h, enzyme_width, 2, x, p, enzyme_const, n, enzyme_dup, out, enzyme_interleave, 1.0,
                                   0.0, dp0, dp1, dout0, dout1);
    double *douts[2] = {dout0, dout1};
    for (int l = 0; l < 2; l++) {
      int k = l == 0 ? 0 : 2;
      snprintf(label, sizeof label, "width 2 lane %d: d result", l);
      CHECK(label, w.d[l], fd(k, 0));
      for (int o = 0; o < 2; o++) {
        snprintf(label, sizeof label, "width 2 lane %d: d out[%d]", l, o);
        CHECK(label, douts[l][o], fd(k, o + 1));
      }
    }
  }

  return ck_done();
}
