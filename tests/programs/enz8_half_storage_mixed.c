// TEST: reverse and forward mode with mixed-precision storage as ML code writes it: weights and inputs stored as _Float16 (and bfloat16 activations via __bf16) in memory passed with enzyme_dup, converted to float for the matrix-vector products and to double for a log-sum-exp loss; each half-precision shadow element receives its derivative in one addition (so the only error is one rounding to 11 significant bits), compared with the finite differences of the same kernel computed in double on the half inputs, with a half-precision tolerance (2^-9 relative); dot-product test against forward mode in double
// LDFLAGS: -rtlib=compiler-rt
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NI 4
#define NO 3

/* y = W x (float accumulate), loss = logsumexp(y) + 0.1 * sum(x^2) */
static double loss_h(const _Float16 *W, const _Float16 *x) {
  float y[NO];
  for (int o = 0; o < NO; o++) {
    float s = 0.0f;
    for (int i = 0; i < NI; i++) s += (float)W[o * NI + i] * (float)x[i];
    y[o] = s;
  }
  double m = y[0];
  for (int o = 1; o < NO; o++) m = y[o] > m ? y[o] : m;
  double z = 0.0;
  for (int o = 0; o < NO; o++) z += exp((double)y[o] - m);
  double r = 0.0;
  for (int i = 0; i < NI; i++) r += (double)x[i] * (double)x[i];
  return m + log(z) + 0.1 * r;
}

/* the same in double (the reference for the finite differences) */
static double loss_d(const double *W, const double *x) {
  double y[NO];
  for (int o = 0; o < NO; o++) {
    double s = 0.0;
    for (int i = 0; i < NI; i++) s += W[o * NI + i] * x[i];
    y[o] = s;
  }
  double m = y[0];
  for (int o = 1; o < NO; o++) m = y[o] > m ? y[o] : m;
  double z = 0.0;
  for (int o = 0; o < NO; o++) z += exp(y[o] - m);
  double r = 0.0;
  for (int i = 0; i < NI; i++) r += x[i] * x[i];
  return m + log(z) + 0.1 * r;
}

/* bfloat16 activations: a = tanh(p) stored as __bf16, then a weighted sum */
static double act_bf(const __bf16 *p, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += (1.0 + 0.5 * i) * tanh((double)p[i]);
  return s;
}
static double act_d(const double *p, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += (1.0 + 0.5 * i) * tanh(p[i]);
  return s;
}

static double gW[NO * NI], gx[NI];
static double FW(double *W) { return loss_d(W, gx); }
static double Fx(double *x) { return loss_d(gW, x); }
static double Fp(double *p) { return act_d(p, 5); }

#define TOL_HALF (1.0 / 512.0)
#define TOL_BF16 (1.0 / 64.0)

int main(void) {
  _Float16 W[NO * NI], x[NI], dW[NO * NI], dx[NI];
  for (int i = 0; i < NO * NI; i++) { W[i] = (_Float16)(0.5 * sin(1.3 * i + 0.2)); dW[i] = 0; gW[i] = (double)W[i]; }
  for (int i = 0; i < NI; i++) { x[i] = (_Float16)(0.9 * cos(0.7 * i)); dx[i] = 0; gx[i] = (double)x[i]; }
  __enzyme_autodiff((void *)loss_h, enzyme_dup, W, dW, enzyme_dup, x, dx);
  char label[64];
  for (int i = 0; i < NO * NI; i++) {
    snprintf(label, sizeof label, "half storage: d/dW[%d]", i);
    ck_near(label, (double)dW[i], ck_fd_partial(FW, gW, i), TOL_HALF);
  }
  for (int i = 0; i < NI; i++) {
    snprintf(label, sizeof label, "half storage: d/dx[%d]", i);
    ck_near(label, (double)dx[i], ck_fd_partial(Fx, gx, i), TOL_HALF);
  }
  /* forward mode along v: tangents in half as well */
  _Float16 vW[NO * NI], vx[NI];
  double lhs = 0.0;
  for (int i = 0; i < NO * NI; i++) { vW[i] = (_Float16)(0.125 * ((i * 3) % 5) - 0.25); lhs += (double)dW[i] * (double)vW[i]; }
  for (int i = 0; i < NI; i++) { vx[i] = (_Float16)(0.25 * i - 0.5); lhs += (double)dx[i] * (double)vx[i]; }
  double jv = __enzyme_fwddiff((void *)loss_h, enzyme_dup, W, vW, enzyme_dup, x, vx);
  ck_near("half storage: dot test", lhs, jv, 4 * TOL_HALF);

  __bf16 p[5], dp[5];
  double pd[5];
  for (int i = 0; i < 5; i++) { p[i] = (__bf16)(0.4 * i - 0.7); dp[i] = 0; pd[i] = (double)p[i]; }
  __enzyme_autodiff((void *)act_bf, enzyme_dup, p, dp, enzyme_const, 5);
  for (int i = 0; i < 5; i++) {
    snprintf(label, sizeof label, "bf16 storage: d/dp[%d]", i);
    ck_near(label, (double)dp[i], ck_fd_partial(Fp, pd, i), TOL_BF16);
  }
  return ck_done();
}
