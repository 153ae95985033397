/* Gaussian mixture model objective (GradBench's corrected definition of ADBench's GMM):
 * log-likelihood of n points under K components with precision factors Q_k = diag(exp(q_k)) +
 * strictly-lower(l_k), plus the Wishart log-prior on the precisions (gamma = 1, m = 0), with its
 * constant folded out. d = 10, K = 25, n = 1000. The tangent is along one direction in all of
 * (alpha, mu, q, l) at once. */
#include <math.h>

#include "../bench.h"

enum { D = 10, K = 25, NPTS = 1000, LT = D * (D - 1) / 2 };
const char *kernel_name = "gmm";

static double logsumexp(const double *v, int n) {
  double m = v[0];
  for (int i = 1; i < n; i++) m = v[i] > m ? v[i] : m;
  double s = 0.0;
  for (int i = 0; i < n; i++) s += exp(v[i] - m);
  return log(s) + m;
}

double gmm_objective(const double *alphas, const double *means, const double *qs, const double *ls,
                     const double *x) {
  double main_term[K], sum_q[K], xc[D], qx[D], total = 0.0;
  for (int k = 0; k < K; k++) {
    sum_q[k] = 0.0;
    for (int j = 0; j < D; j++) sum_q[k] += qs[k * D + j];
  }
  for (int i = 0; i < NPTS; i++) {
    for (int k = 0; k < K; k++) {
      for (int j = 0; j < D; j++) xc[j] = x[i * D + j] - means[k * D + j];
      const double *l = ls + k * LT;
      int li = 0;
      for (int r = 0; r < D; r++) qx[r] = exp(qs[k * D + r]) * xc[r];
      for (int c = 0; c < D; c++)
        for (int r = c + 1; r < D; r++) qx[r] += l[li++] * xc[c];
      double sq = 0.0;
      for (int r = 0; r < D; r++) sq += qx[r] * qx[r];
      main_term[k] = alphas[k] + sum_q[k] - 0.5 * sq;
    }
    total += logsumexp(main_term, K);
  }
  double prior = 0.0;
  for (int k = 0; k < K; k++) {
    double frob = 0.0;
    for (int j = 0; j < D; j++) frob += exp(2.0 * qs[k * D + j]);
    for (int j = 0; j < LT; j++) frob += ls[k * LT + j] * ls[k * LT + j];
    prior += -0.5 * frob;
  }
  return total - NPTS * logsumexp(alphas, K) + prior - 0.5 * NPTS * D * log(2.0 * M_PI);
}

static double alphas[K], means[K * D], qs[K * D], ls[K * LT], x[NPTS * D];
static double dalphas[K], dmeans[K * D], dqs[K * D], dls[K * LT];
double result, dresult; /* external: stores to them are not dead */

/* A small deterministic generator (the same inputs for every tool). */
static double uniform(unsigned *state) {
  *state = *state * 1664525u + 1013904223u;
  return (double)(*state >> 8) / (double)(1u << 24);
}

void kernel_init(void) {
  unsigned s = 12345u;
  for (int i = 0; i < K; i++) alphas[i] = uniform(&s) - 0.5, dalphas[i] = uniform(&s);
  for (int i = 0; i < K * D; i++) means[i] = uniform(&s), dmeans[i] = uniform(&s) - 0.5;
  for (int i = 0; i < K * D; i++) qs[i] = 0.2 * uniform(&s) - 0.1, dqs[i] = uniform(&s) - 0.5;
  for (int i = 0; i < K * LT; i++) ls[i] = 0.2 * uniform(&s) - 0.1, dls[i] = uniform(&s) - 0.5;
  for (int i = 0; i < NPTS * D; i++) x[i] = uniform(&s);
}

BENCH_ENTRY void kernel_primal(void) { result = gmm_objective(alphas, means, qs, ls, x); }

BENCH_ENTRY void kernel_tangent(void) {
  dresult = __enzyme_fwddiff_d((void *)gmm_objective, enzyme_dup, alphas, dalphas, enzyme_dup, means, dmeans,
                               enzyme_dup, qs, dqs, enzyme_dup, ls, dls, enzyme_const, x);
}

int kernel_results(double *out, int max) {
  if (max < 1) return 0;
  out[0] = dresult;
  return 1;
}
