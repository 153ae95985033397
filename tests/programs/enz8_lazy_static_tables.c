// TEST: reverse and forward mode through quadrature code that builds its constant tables lazily inside the differentiated function on its first call, as numerical libraries do: function-local static Gauss-Legendre nodes and weights computed by Newton iteration on the Legendre recurrence behind a static "ready" flag, a static binomial table filled on demand, and a static call counter; the derivative calls come first (they run the initialisation themselves), then the finite differences and the forward calls find the tables filled; gradients against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NQ 6

static void gauss_legendre(double *x, double *w, int n) {
  for (int i = 0; i < (n + 1) / 2; i++) {
    double z = cos(M_PI * (i + 0.75) / (n + 0.5)), pp = 0.0;
    for (int it = 0; it < 100; it++) {
      double p1 = 1.0, p2 = 0.0;
      for (int j = 1; j <= n; j++) {
        double p3 = p2;
        p2 = p1;
        p1 = ((2.0 * j - 1.0) * z * p2 - (j - 1.0) * p3) / j;
      }
      pp = n * (z * p1 - p2) / (z * z - 1.0);
      double z1 = z;
      z = z1 - p1 / pp;
      if (fabs(z - z1) < 1e-15) break;
    }
    x[i] = -z;
    x[n - 1 - i] = z;
    w[i] = w[n - 1 - i] = 2.0 / ((1.0 - z * z) * pp * pp);
  }
}

static long calls;

static double binom(int n, int k) {
  static double table[16][16];
  static int filled[16];
  if (!filled[n]) {
    for (int j = 0; j <= n; j++) table[n][j] = (j == 0 || j == n) ? 1.0 : binom(n - 1, j - 1) + binom(n - 1, j);
    filled[n] = 1;
  }
  return table[n][k];
}

/* integral over [0, 1] of a Bernstein polynomial with active coefficients times exp(-a t) */
static double bernstein_integral(const double *c, int deg, double a) {
  static double xq[NQ], wq[NQ];
  static int ready = 0;
  if (!ready) {
    gauss_legendre(xq, wq, NQ);
    ready = 1;
  }
  calls++;
  double s = 0.0;
  for (int q = 0; q < NQ; q++) {
    double t = 0.5 * (xq[q] + 1.0), b = 0.0;
    for (int k = 0; k <= deg; k++) b += c[k] * binom(deg, k) * pow(t, k) * pow(1.0 - t, deg - k);
    s += 0.5 * wq[q] * b * b * exp(-a * t);
  }
  return s;
}

static double bi_wrap(double *p) { return bernstein_integral(p, 5, p[6]); }
static double F(double *p) { return bi_wrap(p); }

int main(void) {
  double p[7] = {0.3, -0.5, 1.2, 0.8, -0.1, 0.6, 0.9}, dp[7] = {0}, v[7];
  for (int i = 0; i < 7; i++) v[i] = 0.15 * i - 0.4;
  /* first call of all: the derivative initialises the tables */
  __enzyme_autodiff((void *)bi_wrap, enzyme_dup, p, dp);
  ck_gradient("lazy tables: d/dp", dp, F, p, 7);
  double jv = __enzyme_fwddiff((void *)bi_wrap, enzyme_dup, p, v);
  CHECK("lazy tables: dot test", ck_dot(dp, v, 7), jv);
  /* one reverse call, 14 finite-difference calls, one forward call: the derivatives keep the primal side effect once */
  CHECK_PRIMAL("lazy tables: call count", (double)calls, 16.0);
  return ck_done();
}
