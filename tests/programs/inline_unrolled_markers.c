// TEST: a Jacobian built by marker calls in short loops that clang unrolls into several calls of one derivative (which Catalase then marks for inlining): forward width 1 column by column, width 2 two columns at a time, reverse row by row, and the same calls from a second caller; every entry against finite differences
#include "include/ck_array.h"

extern int enzyme_width, enzyme_dup, enzyme_dupnoneed;
void __enzyme_fwddiff(void *, ...);
void __enzyme_autodiff(void *, ...);

enum { N = 6, M = 2 };

/* A camera projection: Rodrigues rotation by p[0..2] of a fixed point, translation by p[3..5],
 * perspective division. */
static void project(const double *p, double *out) {
  static const double X[3] = {0.3, -0.2, 4.0};
  double t2 = p[0] * p[0] + p[1] * p[1] + p[2] * p[2], t = sqrt(t2), c = cos(t), s = sin(t);
  double w[3] = {p[0] / t, p[1] / t, p[2] / t};
  double wx = w[0] * X[0] + w[1] * X[1] + w[2] * X[2], y[3];
  double cr[3] = {w[1] * X[2] - w[2] * X[1], w[2] * X[0] - w[0] * X[2], w[0] * X[1] - w[1] * X[0]};
  for (int i = 0; i < 3; i++) y[i] = X[i] * c + cr[i] * s + w[i] * wx * (1.0 - c) + p[3 + i];
  out[0] = y[0] / y[2];
  out[1] = y[1] / y[2];
}

static double unit[N + 1][N]; /* row k: the k-th unit vector; row N: zero */
static double p0[N] = {0.2, -0.15, 0.1, 0.05, 0.1, 0.3};

__attribute__((noinline)) static void columns(const double *p, double jac[M][N]) {
  for (int k = 0; k < N; k++) {
    double out[2], dout[2];
    __enzyme_fwddiff((void *)project, enzyme_dup, p, unit[k], enzyme_dup, out, dout);
    jac[0][k] = dout[0], jac[1][k] = dout[1];
  }
}

__attribute__((noinline)) static void columns2(const double *p, double jac[M][N]) {
  for (int k = 0; k < N; k += 2) {
    double out[2], d0[2], d1[2];
    __enzyme_fwddiff((void *)project, enzyme_width, 2, enzyme_dup, p, unit[k], unit[k + 1], enzyme_dup, out, d0,
                     d1);
    jac[0][k] = d0[0], jac[1][k] = d0[1], jac[0][k + 1] = d1[0], jac[1][k + 1] = d1[1];
  }
}

__attribute__((noinline)) static void rows(const double *p, double jac[M][N]) {
  for (int r = 0; r < M; r++) {
    double out[2], seed[2] = {r == 0, r == 1};
    for (int k = 0; k < N; k++) jac[r][k] = 0.0;
    __enzyme_autodiff((void *)project, enzyme_dup, p, jac[r], enzyme_dupnoneed, out, seed);
  }
}

/* A second caller of the same derivatives: one more call site each. */
__attribute__((noinline)) static double column_sum(const double *p) {
  double s = 0.0;
  for (int k = 0; k < N; k++) {
    double out[2], dout[2];
    __enzyme_fwddiff((void *)project, enzyme_dup, p, unit[k], enzyme_dup, out, dout);
    s += dout[0] - dout[1];
  }
  return s;
}

static double out0(double *x) {
  double o[2];
  project(x, o);
  return o[0];
}

static double out1(double *x) {
  double o[2];
  project(x, o);
  return o[1];
}

static void check_jacobian(const char *what, double jac[M][N]) {
  char label[64];
  for (int r = 0; r < M; r++) {
    snprintf(label, sizeof label, "%s row %d", what, r);
    ck_gradient(label, jac[r], r == 0 ? out0 : out1, p0, N);
  }
}

int main(void) {
  for (int k = 0; k < N; k++) unit[k][k] = 1.0;
  double jac[M][N];
  columns(p0, jac);
  check_jacobian("width 1 columns", jac);
  columns2(p0, jac);
  check_jacobian("width 2 columns", jac);
  rows(p0, jac);
  check_jacobian("reverse rows", jac);
  double want = 0.0;
  for (int k = 0; k < N; k++) want += ck_fd_partial(out0, p0, k) - ck_fd_partial(out1, p0, k);
  CHECK("second caller's column sum", column_sum(p0), want);
  return ck_done();
}
