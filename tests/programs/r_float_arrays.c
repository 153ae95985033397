// TEST: reverse mode on float kernels over arrays (a float dot product with sqrtf normalisation, a float in-place decay update, float exp/log), gradients accumulated into float shadows and checked against double twins
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);
float __enzyme_autodiff_f(void *, ...);

#define N 8

static float cosine(const float *a, const float *b, int n) {
  float ab = 0.0f, aa = 0.0f, bb = 0.0f;
  for (int i = 0; i < n; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / sqrtf(aa * bb);
}
static void decay(float *x, int n, int steps) {
  for (int s = 0; s < steps; s++)
    for (int i = 0; i < n; i++) x[i] = x[i] * expf(-0.05f * x[i]) + 0.01f * logf(1.0f + x[i] * x[i]);
}

static double A[N], B[N];
static double cosine_d(const double *a, const double *b, int n) {
  double ab = 0, aa = 0, bb = 0;
  for (int i = 0; i < n; i++) ab += a[i] * b[i], aa += a[i] * a[i], bb += b[i] * b[i];
  return ab / sqrt(aa * bb);
}
static double F_a(double *a) { return cosine_d(a, B, N); }
static double F_decay(double *x) {
  double y[N];
  for (int i = 0; i < N; i++) y[i] = x[i];
  for (int s = 0; s < 10; s++)
    for (int i = 0; i < N; i++) y[i] = y[i] * exp(-0.05 * y[i]) + 0.01 * log(1.0 + y[i] * y[i]);
  double r = 0;
  for (int i = 0; i < N; i++) r += (i - 3.5) * y[i];
  return r;
}

int main(void) {
  float a[N], b[N], da[N] = {0}, db[N] = {0};
  for (int i = 0; i < N; i++) {
    a[i] = (float)(0.25 * i - 0.75), b[i] = (float)(0.5 - 0.125 * i * i + 0.0625 * i);
    A[i] = a[i], B[i] = b[i];
  }
  __enzyme_autodiff_f((void *)cosine, enzyme_dup, a, da, enzyme_dup, b, db, enzyme_const, N);
  for (int i = 0; i < N; i++) CHECK_F32("float cosine similarity: d/da", da[i], ck_fd_partial(F_a, A, i));
  float x[N], dx[N];
  double X[N];
  for (int i = 0; i < N; i++) x[i] = (float)(0.125 * i + 0.25), X[i] = x[i], dx[i] = (float)(i - 3.5);
  __enzyme_autodiff((void *)decay, enzyme_dup, x, dx, enzyme_const, N, enzyme_const, 10);
  for (int i = 0; i < N; i++) CHECK_F32("float in-place decay: d/dx", dx[i], ck_fd_partial(F_decay, X, i));
  return ck_done();
}
