// TEST: enzyme_interleave in reverse mode: the primals first, the shadows after the marker in the parameters' order; a parameter without a marker takes the previous one's activity (enzyme_out inherited by a second double, enzyme_dup by an output array); at enzyme_width 2; in split mode, whose differential return and tape come after the primals, before the marker, also at enzyme_width 2 with enzyme_const_return; gradients against finite differences and the dot-product test against interleaved forward mode
#include "include/ck_array.h"
#include "include/ck_split.h"

extern int enzyme_interleave, enzyme_width, enzyme_const_return;
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double da, db;
} grad2;
grad2 __enzyme_autodiff(void *, ...);
grad2 __enzyme_reverse(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
void __enzyme_autodiff_void(void *, ...);
void __enzyme_reverse_void(void *, ...);

/* q(a, b, p, out, n): out[0..1] and a result from a, b and the two doubles p points to. */
__attribute__((noinline)) static double q(double a, double b, const double *p, double *out, int n) {
  double s = a * b;
  for (int i = 0; i < n; i++) s += p[i % 2] * sin(a + 0.5 * i);
  out[0] = s * p[1];
  out[1] = b * b + p[0];
  return s + exp(0.2 * b);
}

static const double W[3] = {1.0, -0.6, 0.35}; /* seeds of result, out[0], out[1] */
static const int N = 3;
/* The result alone, seeded with W[0]. */
static double F_result(double *z) {
  double p[2] = {z[2], z[3]}, out[2];
  return W[0] * q(z[0], z[1], p, out, N);
}
/* out[0] alone. */
static double F_out0(double *z) {
  double p[2] = {z[2], z[3]}, out[2];
  q(z[0], z[1], p, out, N);
  return out[0];
}
/* Objective over (a, b, p0, p1): the seeded sum of the outputs. */
static double F(double *z) {
  double p[2] = {z[2], z[3]}, out[2];
  double r = q(z[0], z[1], p, out, N);
  return W[0] * r + W[1] * out[0] + W[2] * out[1];
}

int main(void) {
  double z[4] = {0.4, -0.8, 1.3, 0.7};
  double a = z[0], b = z[1], out[2];
  const double *p = &z[2];
  int n = N;
  double grad[4];

  /* Combined: b inherits enzyme_out from a, out inherits enzyme_dup from p. */
  {
    double dp[2] = {0.0, 0.0}, dout[2] = {W[1], W[2]};
    grad2 g = __enzyme_autodiff((void *)q, enzyme_out, a, b, enzyme_dup, p, out, enzyme_const, n, enzyme_interleave, dp, dout);
    /* The result's seed is 1.0: a second call with zero array seeds gives its part alone. */
    double dp2[2] = {0.0, 0.0}, dout2[2] = {0.0, 0.0};
    grad2 g1 = __enzyme_autodiff((void *)q, enzyme_out, a, b, enzyme_dup, p, out, enzyme_const, n, enzyme_interleave, dp2, dout2);
    /* F = W0 * r + ...: the call seeded with dout adds W1, W2 contributions to the result's. */
    grad[0] = W[0] * g1.da + (g.da - g1.da);
    grad[1] = W[0] * g1.db + (g.db - g1.db);
    grad[2] = W[0] * dp2[0] + (dp[0] - dp2[0]);
    grad[3] = W[0] * dp2[1] + (dp[1] - dp2[1]);
    ck_gradient("combined, interleaved", grad, F, z, 4);

    /* Dot-product test against forward mode, interleaved too. */
    double v[4] = {0.25, -0.5, 0.8, 0.1}, jv[3], dout3[2];
    jv[0] = __enzyme_fwddiff((void *)q, a, b, p, out, enzyme_const, n, enzyme_interleave, v[0], v[1], &v[2], dout3);
    jv[1] = dout3[0];
    jv[2] = dout3[1];
    ck_dot_test("combined vs forward", W, jv, 3, grad, v, 4);
  }

  /* Width 2: a and b constant (b inherits it), p and out duplicated with two lanes each; the
     result's lanes are seeded with 1.0, the out lanes with W and with zero. */
  {
    double dp0[2] = {0.0, 0.0}, dp1[2] = {0.0, 0.0}, dout0[2] = {W[1], W[2]}, dout1[2] = {0.0, 0.0};
    __enzyme_autodiff_void((void *)q, enzyme_width, 2, enzyme_const, a, b, enzyme_dup, p, out, enzyme_const, n,
                           enzyme_interleave, dp0, dp1, dout0, dout1);
    double g0[2] = {W[0] * dp1[0] + (dp0[0] - dp1[0]), W[0] * dp1[1] + (dp0[1] - dp1[1])};
    char label[96];
    for (int i = 0; i < 2; i++) {
      snprintf(label, sizeof label, "width 2: d/dp[%d]", i);
      CHECK(label, g0[i], ck_fd_partial(F, z, 2 + i));
    }
  }

  /* Split: the differential return and the tape after the primals, before enzyme_interleave. */
  {
    double dp[2] = {0.0, 0.0}, dout[2] = {W[1], W[2]};
    ck_aug au = __enzyme_augmentfwd((void *)q, enzyme_out, a, b, enzyme_dup, p, out, enzyme_const, n, enzyme_interleave, dp,
                                    dout);
    CHECK_PRIMAL("split: primal", au.primal, q(z[0], z[1], p, (double[2]){0}, N));
    grad2 g = __enzyme_reverse((void *)q, enzyme_out, a, b, enzyme_dup, p, out, enzyme_const, n, W[0], au.tape,
                               enzyme_interleave, dp, dout);
    double sg[4] = {g.da, g.db, dp[0], dp[1]};
    ck_gradient("split, interleaved", sg, F, z, 4);
  }
  /* Split at width 2 with the result constant (enzyme_const_return: no differential return):
     a constant, b inheriting it; both lanes' shadows of p, then of out, after enzyme_interleave.
     Lane 0 seeds out with W, lane 1 out[0] alone. */
  {
    double dp0[2] = {0.0, 0.0}, dp1[2] = {0.0, 0.0}, dout0[2] = {W[1], W[2]}, dout1[2] = {1.0, 0.0};
    ck_aug au = __enzyme_augmentfwd((void *)q, enzyme_width, 2, enzyme_const_return, enzyme_const, a, b, enzyme_dup, p, out,
                                    enzyme_const, n, enzyme_interleave, dp0, dp1, dout0, dout1);
    __enzyme_reverse_void((void *)q, enzyme_width, 2, enzyme_const_return, enzyme_const, a, b, enzyme_dup, p, out, enzyme_const, n,
                          au.tape, enzyme_interleave, dp0, dp1, dout0, dout1);
    char label[96];
    for (int i = 0; i < 2; i++) {
      snprintf(label, sizeof label, "split width 2 lane 0: d/dp[%d]", i);
      CHECK(label, dp0[i], ck_fd_partial(F, z, 2 + i) - ck_fd_partial(F_result, z, 2 + i));
      snprintf(label, sizeof label, "split width 2 lane 1: d/dp[%d]", i);
      CHECK(label, dp1[i], ck_fd_partial(F_out0, z, 2 + i));
    }
  }
  return ck_done();
}
