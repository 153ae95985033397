/* Gaussian mixture model objective (GradBench's corrected definition of ADBench's GMM):
 * log-likelihood of n points under K components with precision factors Q_k = diag(exp(q_k)) +
 * strictly-lower(l_k), plus the Wishart log-prior on the precisions (gamma = 1, m = 0), with its
 * constant folded out. d = 10, K = 25, n = 1000. The tangent is along one direction in all of
 * (alpha, mu, q, l) at once. With GRADIENT defined (gmm_grad.c), the reverse-mode gradient with
 * respect to all of (alpha, mu, q, l) instead. */
#include <math.h>

#include "../bench.h"

#ifndef GMM_D
#define GMM_D 10
#define GMM_K 25
#define GMM_N 1000
#endif
enum { D = GMM_D, K = GMM_K, NPTS = GMM_N, LT = D * (D - 1) / 2 };
#ifdef GRADIENT
const char *kernel_name = "gmm_grad";
#else
const char *kernel_name = "gmm";
#endif

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

#ifdef GRADIENT
static void fill_directions(void);
#endif

void kernel_init(void) {
  unsigned s = 12345u;
  for (int i = 0; i < K; i++) alphas[i] = uniform(&s) - 0.5, dalphas[i] = uniform(&s);
  for (int i = 0; i < K * D; i++) means[i] = uniform(&s), dmeans[i] = uniform(&s) - 0.5;
  for (int i = 0; i < K * D; i++) qs[i] = 0.2 * uniform(&s) - 0.1, dqs[i] = uniform(&s) - 0.5;
  for (int i = 0; i < K * LT; i++) ls[i] = 0.2 * uniform(&s) - 0.1, dls[i] = uniform(&s) - 0.5;
  for (int i = 0; i < NPTS * D; i++) x[i] = uniform(&s);
#ifdef GRADIENT
  fill_directions();
#endif
}

BENCH_ENTRY void kernel_primal(void) { result = gmm_objective(alphas, means, qs, ls, x); }

#ifdef GRADIENT
static double galphas[K], gmeans[K * D], gqs[K * D], gls[K * LT];
static const struct bench_array inputs[] = {{alphas, galphas, K}, {means, gmeans, K * D}, {qs, gqs, K * D},
                                            {ls, gls, K * LT}};
enum { NIN = sizeof inputs / sizeof inputs[0] };

BENCH_ENTRY void kernel_tangent(void) {
  gradient_zero(inputs, NIN);
  __enzyme_autodiff((void *)gmm_objective, enzyme_dup, alphas, galphas, enzyme_dup, means, gmeans, enzyme_dup, qs,
                    gqs, enzyme_dup, ls, gls, enzyme_const, x);
}

/* Forward mode: tangents along 8 fixed directions (bench/gradient.c's direction_fill). */
static double t_alphas[8][K], t_means[8][K * D], t_qs[8][K * D], t_ls[8][K * LT], tangents[8];
static int last_width;
#define LANE(l) t_alphas[l], t_means[l], t_qs[l], t_ls[l]
static double *const dirs[8 * NIN] = {LANE(0), LANE(1), LANE(2), LANE(3), LANE(4), LANE(5), LANE(6), LANE(7)};
static void fill_directions(void) { direction_fill(inputs, NIN, dirs); }

BENCH_ENTRY void kernel_forward1(void) {
  last_width = 1;
  tangents[0] = __enzyme_fwddiff_d((void *)gmm_objective, enzyme_dup, alphas, t_alphas[0], enzyme_dup, means,
                                   t_means[0], enzyme_dup, qs, t_qs[0], enzyme_dup, ls, t_ls[0], enzyme_const, x);
}

BENCH_ENTRY void kernel_forward8(void) {
  last_width = 8;
  bench_w8 t = __enzyme_fwddiff_w8((void *)gmm_objective, enzyme_width, 8, enzyme_dup, alphas, LANES8(t_alphas),
                                   enzyme_dup, means, LANES8(t_means), enzyme_dup, qs, LANES8(t_qs), enzyme_dup, ls,
                                   LANES8(t_ls), enzyme_const, x);
  for (int l = 0; l < 8; l++) tangents[l] = t.d[l];
}

int kernel_forward_results(double *out, int max) {
  int n = 0;
  for (; n < last_width && n < max; n++) out[n] = tangents[n];
  return n;
}
int kernel_forward_expected(int width, double *out, int max) { return direction_dots(inputs, NIN, dirs, width, out, max); }

void kernel_dump(void) {
  double dims[3] = {D, K, NPTS};
  dump_array("dims", dims, 3);
  dump_array("alphas", alphas, K);
  dump_array("means", means, K * D);
  dump_array("qs", qs, K * D);
  dump_array("ls", ls, K * LT);
  dump_array("x", x, (long)NPTS * D);
}

static double value(void) { return gmm_objective(alphas, means, qs, ls, x); }
int kernel_results(double *out, int max) { return gradient_sample(inputs, NIN, out, max); }
int kernel_fd(double *out, int max) { return gradient_fd(inputs, NIN, value, out, max); }
double kernel_fd_cost(void) { return gradient_fd_cost(inputs, NIN); }
#else
BENCH_ENTRY void kernel_tangent(void) {
  dresult = __enzyme_fwddiff_d((void *)gmm_objective, enzyme_dup, alphas, dalphas, enzyme_dup, means, dmeans,
                               enzyme_dup, qs, dqs, enzyme_dup, ls, dls, enzyme_const, x);
}

int kernel_results(double *out, int max) {
  if (max < 1) return 0;
  out[0] = dresult;
  return 1;
}
#endif
