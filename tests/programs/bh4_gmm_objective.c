// TEST: a Gaussian-mixture log-likelihood in the style of the ADBench GMM objective Enzyme is benchmarked on: component weights through logsumexp, means, and inverse-covariance factors as log-diagonals plus a packed lower triangle; the gradient in every parameter (alphas, means, icf packed in one array) in reverse mode, checked against finite differences and forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define D 3
#define K 3
#define NPTS 5
#define ICF (D + D * (D - 1) / 2)
#define NPAR (K + K * D + K * ICF)

static double logsumexp(const double *v, int n) {
  double m = v[0];
  for (int i = 1; i < n; i++)
    if (v[i] > m) m = v[i];
  double s = 0.0;
  for (int i = 0; i < n; i++) s += exp(v[i] - m);
  return log(s) + m;
}

/* Q = diag(exp(icf[0..D))) + strictly lower part from icf[D..]; returns Q x in out. */
static void qtimes(const double *icf, const double *x, double *out) {
  for (int i = 0; i < D; i++) out[i] = exp(icf[i]) * x[i];
  int k = D;
  for (int j = 0; j < D; j++)
    for (int i = j + 1; i < D; i++) out[i] += icf[k++] * x[j];
}

static double gmm(const double *par, const double *pts, int n) {
  const double *alphas = par, *means = par + K, *icf = par + K + K * D;
  double *lse = malloc(sizeof(double) * K);
  double total = 0.0;
  for (int p = 0; p < n; p++) {
    for (int k = 0; k < K; k++) {
      double diff[D], q[D];
      for (int d = 0; d < D; d++) diff[d] = pts[p * D + d] - means[k * D + d];
      qtimes(icf + k * ICF, diff, q);
      double sq = 0.0, sumdiag = 0.0;
      for (int d = 0; d < D; d++) {
        sq += q[d] * q[d];
        sumdiag += icf[k * ICF + d];
      }
      lse[k] = alphas[k] + sumdiag - 0.5 * sq;
    }
    total += logsumexp(lse, K);
  }
  free(lse);
  double reg = 0.0;
  for (int k = 0; k < K; k++)
    for (int i = 0; i < ICF; i++) reg += icf[k * ICF + i] * icf[k * ICF + i];
  return total - n * logsumexp(alphas, K) + 0.1 * reg;
}

static double PTS[NPTS * D];
static double F(double *par) { return gmm(par, PTS, NPTS); }

int main(void) {
  double par[NPAR], dpar[NPAR] = {0}, v[NPAR];
  for (int i = 0; i < NPAR; i++) {
    par[i] = 0.3 * sin(1.3 * i + 0.2);
    v[i] = cos(0.7 * i);
  }
  for (int i = 0; i < NPTS * D; i++) PTS[i] = sin(0.9 * i) * 1.5;
  __enzyme_autodiff((void *)gmm, enzyme_dup, par, dpar, enzyme_const, PTS, enzyme_const, NPTS);
  ck_gradient("GMM objective", dpar, F, par, NPAR);
  double t[NPAR];
  memcpy(t, v, sizeof t);
  CHECK("GMM objective: forward vs reverse",
        __enzyme_fwddiff((void *)gmm, enzyme_dup, par, t, enzyme_const, PTS, enzyme_const, NPTS), ck_dot(dpar, v, NPAR));
  return ck_done();
}
