/* Lotka–Volterra predator–prey system integrated with RK4 (1000 steps); tangents of the final
 * state along 8 directions at once (enzyme_width 8): the 2 initial values, the 4 parameters and
 * 2 mixed directions. With ONE_LANE_AT_A_TIME defined (lotka_volterra_1x8.c), the same 8
 * directions as 8 width-1 calls: width N should never cost more. */
#include "../bench.h"

enum { STEPS = 1000, W = 8, NP = 4 };
#ifdef ONE_LANE_AT_A_TIME
const char *kernel_name = "lotka_volterra_1x8";
#else
const char *kernel_name = "lotka_volterra";
#endif

static void rhs(const double *s, const double *p, double *ds) {
  ds[0] = p[0] * s[0] - p[1] * s[0] * s[1];
  ds[1] = p[2] * s[0] * s[1] - p[3] * s[1];
}

void simulate(const double *s0, double *out, const double *p, int steps) {
  const double h = 0.01;
  double s[2] = {s0[0], s0[1]}, k1[2], k2[2], k3[2], k4[2], t[2];
  for (int n = 0; n < steps; n++) {
    rhs(s, p, k1);
    for (int i = 0; i < 2; i++) t[i] = s[i] + 0.5 * h * k1[i];
    rhs(t, p, k2);
    for (int i = 0; i < 2; i++) t[i] = s[i] + 0.5 * h * k2[i];
    rhs(t, p, k3);
    for (int i = 0; i < 2; i++) t[i] = s[i] + h * k3[i];
    rhs(t, p, k4);
    for (int i = 0; i < 2; i++) s[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
  }
  out[0] = s[0];
  out[1] = s[1];
}

static double s0[2] = {10.0, 5.0}, p[NP] = {1.1, 0.4, 0.1, 0.4}, ds0[W][2], dp[W][NP];
double out[2], dout[W][2]; /* external: stores to them are not dead */

void kernel_init(void) {
  for (int l = 0; l < W; l++) {
    for (int i = 0; i < 2; i++) ds0[l][i] = (l == i) ? 1.0 : (l >= 6 ? 0.25 * (i + 1) : 0.0);
    for (int i = 0; i < NP; i++) dp[l][i] = (l == i + 2) ? 1.0 : (l >= 6 ? 0.1 * (i + l) : 0.0);
  }
}

BENCH_ENTRY void kernel_primal(void) { simulate(s0, out, p, STEPS); }

#ifdef ONE_LANE_AT_A_TIME
BENCH_ENTRY void kernel_tangent(void) {
  for (int l = 0; l < W; l++)
    __enzyme_fwddiff((void *)simulate, enzyme_dup, s0, ds0[l], enzyme_dup, out, dout[l], enzyme_dup, p, dp[l],
                     enzyme_const, STEPS);
}
#else
BENCH_ENTRY void kernel_tangent(void) {
  __enzyme_fwddiff((void *)simulate, enzyme_width, W,
                   enzyme_dup, s0, ds0[0], ds0[1], ds0[2], ds0[3], ds0[4], ds0[5], ds0[6], ds0[7],
                   enzyme_dup, out, dout[0], dout[1], dout[2], dout[3], dout[4], dout[5], dout[6], dout[7],
                   enzyme_dup, p, dp[0], dp[1], dp[2], dp[3], dp[4], dp[5], dp[6], dp[7],
                   enzyme_const, STEPS);
}
#endif

int kernel_results(double *res, int max) {
  int n = 0;
  for (int l = 0; l < W; l++)
    for (int i = 0; i < 2 && n < max; i++) res[n++] = dout[l][i];
  return n;
}
