// TEST: reverse mode on the numerically stable log-sum-exp (running max with fmax, then exp/log), softmax cross-entropy against an integer label and a float32 version, with the gradient identities softmax - onehot and sum = 1
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define N 6

static double logsumexp(const double *z, int n) {
  double m = z[0];
  for (int i = 1; i < n; i++) m = z[i] > m ? z[i] : m;
  double s = 0.0;
  for (int i = 0; i < n; i++) s += exp(z[i] - m);
  return m + log(s);
}

static double xent(const double *z, int n, int label) {
  /* fmax over a loop: vectorized into llvm.vector.reduce.fmax at -O2/-O3. */
  double m = -INFINITY;
  for (int i = 0; i < n; i++) m = fmax(m, z[i]);
  double s = 0.0;
  for (int i = 0; i < n; i++) s += exp(z[i] - m);
  return log(s) + m - z[label];
}

static float logsumexp_f(const float *z, int n) {
  float m = z[0];
  for (int i = 1; i < n; i++) m = z[i] > m ? z[i] : m;
  float s = 0.0f;
  for (int i = 0; i < n; i++) s += expf(z[i] - m);
  return m + logf(s);
}

static double F_lse(double *z) { return logsumexp(z, N); }
static double F_xent(double *z) { return xent(z, N, 2); }

int main(void) {
  double z[N] = {0.3, 2.1, -0.7, 1.4, 0.9, -1.6};
  double dz[N] = {0};
  __enzyme_autodiff((void *)logsumexp, enzyme_dup, z, dz, enzyme_const, N);
  ck_gradient("log-sum-exp", dz, F_lse, z, N);
  double total = 0.0;
  for (int i = 0; i < N; i++) total += dz[i];
  CHECK("log-sum-exp: the softmax sums to 1", total, 1.0);
  memset(dz, 0, sizeof dz);
  __enzyme_autodiff((void *)xent, enzyme_dup, z, dz, enzyme_const, N, enzyme_const, 2);
  ck_gradient("softmax cross-entropy", dz, F_xent, z, N);
  double lse0 = logsumexp(z, N);
  for (int i = 0; i < N; i++) CHECK("softmax cross-entropy: softmax - onehot", dz[i], exp(z[i] - lse0) - (i == 2));
  float zf[N], dzf[N] = {0};
  for (int i = 0; i < N; i++) zf[i] = (float)z[i];
  __enzyme_autodiff((void *)logsumexp_f, enzyme_dup, zf, dzf, enzyme_const, N);
  double lse = logsumexp(z, N);
  for (int i = 0; i < N; i++) CHECK_F32("float log-sum-exp: softmax", dzf[i], exp(z[i] - lse));
  return ck_done();
}
