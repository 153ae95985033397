// TEST: reductions with fmax/fmin/fabs (max-norm, log-sum-exp with running max, clipped sum) over length 11, vectorized at -O3
#include "include/catalase_check.h"

double __enzyme_fwddiff_d(void *, ...); /* same marker (name contains __enzyme_fwddiff), double result */

#define N 11
static double linf(const double *x, int n) {
  double m = 0.0;
  for (int i = 0; i < n; i++) m = fmax(m, fabs(x[i]));
  return m;
}
static double lse(const double *x, int n) {
  double m = x[0];
  for (int i = 1; i < n; i++) m = fmax(m, x[i]);
  double s = 0.0;
  for (int i = 0; i < n; i++) s += exp(x[i] - m);
  return m + log(s);
}
static double clipsum(const double *x, double lo, double hi, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += fmin(hi, fmax(lo, x[i])) * x[i];
  return s;
}

static double X[N] = {0.3, -1.9, 0.8, 1.1, -0.4, 2.7, 0.05, -2.2, 1.6, -0.9, 0.55};
static double V[N];
static double VLO, VHI;
static int WHICH;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  if (WHICH == 0) return linf(x, N);
  if (WHICH == 1) return lse(x, N);
  return clipsum(x, -1.0 + t * VLO, 1.5 + t * VHI, N);
}

int main(void) {
  for (int i = 0; i < N; i++) V[i] = 0.3 + 0.1 * ((i * 7) % 5);
  VLO = 0.7;
  VHI = -0.4;
  double dx[N];
  for (int i = 0; i < N; i++) dx[i] = V[i];
  WHICH = 0;
  CHECK("d linf", __enzyme_fwddiff_d((void *)linf, X, dx, enzyme_const, N), ck_fd1(along, 0.0));
  WHICH = 1;
  CHECK("d logsumexp", __enzyme_fwddiff_d((void *)lse, X, dx, enzyme_const, N), ck_fd1(along, 0.0));
  WHICH = 2;
  CHECK("d clipsum", __enzyme_fwddiff_d((void *)clipsum, X, dx, -1.0, VLO, 1.5, VHI, enzyme_const, N),
        ck_fd1(along, 0.0));
  /* Max at the last index (tail of the vector loop). */
  X[N - 1] = 3.5;
  WHICH = 0;
  CHECK("d linf (max in tail)", __enzyme_fwddiff_d((void *)linf, X, dx, enzyme_const, N), ck_fd1(along, 0.0));
  WHICH = 1;
  CHECK("d logsumexp (max in tail)", __enzyme_fwddiff_d((void *)lse, X, dx, enzyme_const, N), ck_fd1(along, 0.0));
  return ck_done();
}
