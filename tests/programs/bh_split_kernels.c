// TEST: split mode (__enzyme_augmentfwd then __enzyme_reverse) over numerical kernels whose inputs are overwritten between the two calls: an in-place Cholesky factorisation with log-determinant, a cubic spline evaluated at a point found by binary search, a Newton root whose iteration count depends on the data, an explicit ODE stepper with early exit, and a function with active scalar arguments whose gradients come back as a struct; each checked against finite differences
#include "include/ck_array.h"
#include "include/ck_split.h"

void *__enzyme_augmentfwd(void *, ...);
ck_aug __enzyme_augmentfwd_d(void *, ...);
void __enzyme_reverse(void *, ...);
typedef struct { double da, db; } G2;
G2 __enzyme_reverse_g2(void *, ...);

#define N 4
/* In place: the lower triangle of A becomes L (A = L L^T); returns log det A. */
static double chol_logdet(double *A) {
  double ld = 0.0;
  for (int j = 0; j < N; j++) {
    double s = A[j * N + j];
    for (int k = 0; k < j; k++) s -= A[j * N + k] * A[j * N + k];
    double d = sqrt(s);
    A[j * N + j] = d;
    ld += 2.0 * log(d);
    for (int i = j + 1; i < N; i++) {
      double t = A[i * N + j];
      for (int k = 0; k < j; k++) t -= A[i * N + k] * A[j * N + k];
      A[i * N + j] = t / d;
    }
  }
  return ld;
}
static double A0[N * N];
static void make_spd(double *A) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) A[i * N + j] = (i == j ? 4.0 + i : 0.0) + 0.3 * cos(1.0 + i + j);
}
static double F_chol(double *a) {
  double c[N * N];
  memcpy(c, a, sizeof c);
  return chol_logdet(c);
}

/* Natural-free cubic Hermite spline through knots (x_k = k) with slopes from values; y holds values. */
#define K 7
static double spline_at(const double *y, double t) {
  int lo = 0, hi = K - 1;
  while (hi - lo > 1) {
    int mid = (lo + hi) / 2;
    if ((double)mid > t) hi = mid; else lo = mid;
  }
  double m0 = lo > 0 ? 0.5 * (y[lo + 1] - y[lo - 1]) : y[lo + 1] - y[lo];
  double m1 = hi < K - 1 ? 0.5 * (y[hi + 1] - y[hi - 1]) : y[hi] - y[hi - 1];
  double s = t - lo, s2 = s * s, s3 = s2 * s;
  return (2 * s3 - 3 * s2 + 1) * y[lo] + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * y[hi] + (s3 - s2) * m1;
}
static double Y0[K] = {0.1, 0.7, 0.4, -0.3, 0.9, 1.4, 0.2};
static double F_spline(double *y) { return spline_at(y, 3.37); }
static double FT_spline(double t) { return spline_at(Y0, t); }

/* Newton for x with x^3 + c[0] x = c[1]; overwrites c with the residual history's last values. */
static double newton(double *c) {
  double x = 1.0;
  int it = 0;
  while (it < 60) {
    double f = x * x * x + c[0] * x - c[1];
    if (fabs(f) < 1e-14) break;
    x -= f / (3 * x * x + c[0]);
    it++;
  }
  double r = x * c[0];
  c[0] = 0.0;
  c[1] = -1.0;
  return r;
}
static double C0[2] = {0.8, 2.1};
static double F_newton(double *c) {
  double cc[2] = {c[0], c[1]};
  return newton(cc);
}

/* Explicit Euler for y' = -k y + sin(t y) until |y| < tol or 50 steps; state in s[0..1] = {y, k}. */
static void ode(double *s, double dt) {
  double y = s[0], k = s[1];
  for (int i = 0; i < 50; i++) {
    y += dt * (-k * y + sin(dt * i * y));
    if (fabs(y) < 0.05) break;
  }
  s[0] = y;
  s[1] = k * y;
}
static double S0[2] = {1.3, 0.9};
static double F_ode(double *s) {
  double ss[2] = {s[0], s[1]};
  ode(ss, 0.1);
  return ss[0] + 0.5 * ss[1];
}

static double scal(double a, double b, const double *w) { return a * a * w[0] + sin(a * b) * w[1] + exp(b) / (1 + a * a); }
static double W0[2] = {1.5, -0.7};
static double FA_scal(double a) { return scal(a, 0.3, W0); }
static double FB_scal(double b) { return scal(1.2, b, W0); }

int main(void) {
  /* Cholesky: the factorisation overwrites A; reverse after A is clobbered again */
  double A[N * N], dA[N * N] = {0}, Ak[N * N];
  make_spd(A0);
  memcpy(A, A0, sizeof A);
  ck_aug c = __enzyme_augmentfwd_d((void *)chol_logdet, enzyme_dup, A, dA);
  CHECK_PRIMAL("cholesky primal", c.primal, F_chol(A0));
  memset(A, 0, sizeof A);
  __enzyme_reverse((void *)chol_logdet, enzyme_dup, A, dA, 1.0, c.tape);
  memcpy(Ak, A0, sizeof Ak);
  ck_gradient("cholesky log det (split)", dA, F_chol, Ak, N * N);

  double y[K], dy[K] = {0};
  memcpy(y, Y0, sizeof y);
  ck_aug s = __enzyme_augmentfwd_d((void *)spline_at, enzyme_dup, y, dy, enzyme_const, 3.37);
  for (int i = 0; i < K; i++) y[i] = -5.0;
  __enzyme_reverse((void *)spline_at, enzyme_dup, y, dy, enzyme_const, 3.37, 1.0, s.tape);
  memcpy(y, Y0, sizeof y);
  ck_gradient("spline values (split)", dy, F_spline, y, K);

  double cc[2], dc[2] = {0};
  memcpy(cc, C0, sizeof cc);
  ck_aug n = __enzyme_augmentfwd_d((void *)newton, enzyme_dup, cc, dc);
  CHECK_PRIMAL("newton primal", n.primal, F_newton(C0));
  __enzyme_reverse((void *)newton, enzyme_dup, cc, dc, 2.0, n.tape);
  memcpy(cc, C0, sizeof cc);
  double g2[2];
  ck_gradient("newton root (split, seed 2)", (g2[0] = dc[0] / 2.0, g2[1] = dc[1] / 2.0, g2), F_newton, cc, 2);

  double st[2], dst[2] = {0};
  memcpy(st, S0, sizeof st);
  void *t = __enzyme_augmentfwd((void *)ode, enzyme_dup, st, dst, enzyme_const, 0.1);
  double out0 = st[0], out1 = st[1];
  (void)out0; (void)out1;
  st[0] = st[1] = 100.0;
  dst[0] = 1.0;
  dst[1] = 0.5;
  __enzyme_reverse((void *)ode, enzyme_dup, st, dst, enzyme_const, 0.1, t);
  memcpy(st, S0, sizeof st);
  ck_gradient("euler with early exit (split)", dst, F_ode, st, 2);

  double w[2] = {W0[0], W0[1]}, dw[2] = {0};
  ck_aug a = __enzyme_augmentfwd_d((void *)scal, 1.2, 0.3, enzyme_dup, w, dw);
  w[0] = w[1] = 0.0;
  G2 g = __enzyme_reverse_g2((void *)scal, 1.2, 0.3, enzyme_dup, w, dw, 1.0, a.tape);
  CHECK("active scalars d/da (split)", g.da, ck_fd1(FA_scal, 1.2));
  CHECK("active scalars d/db (split)", g.db, ck_fd1(FB_scal, 0.3));
  CHECK("pointer gradient w0 (split)", dw[0], 1.2 * 1.2);
  CHECK("pointer gradient w1 (split)", dw[1], sin(1.2 * 0.3));
  (void)FT_spline;
  return ck_done();
}
