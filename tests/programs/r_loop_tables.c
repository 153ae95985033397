// TEST: reverse mode keeps values that depend only on some loops' counts (exp, sqrt, log and divisions of loads of read-only inputs inside a loop over points, GMM's triangular running offset) in stack tables indexed by those counts, or computes pure calls again, instead of keeping them per iteration on the tape; and keeps them on the tape where the memory they load is written before the reverse sweep reads it: after the loop nest, in each outer iteration, through a callee, through an aliasing output pointer, or where the inner loop's start or a branch in it depends on the outer loop; gradients against finite differences at two sizes, and dot-product tests with forward mode
#include <string.h>

#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define KC 6
#define DC 4
#define RC 24
#define NMAX 9
#define TD 7
#define LTD (TD * (TD - 1) / 2)

/* GMM's shape: exp(q[k][r]) and sqrt/division of q depend on k and r only, not on the point i. */
__attribute__((noinline)) static double mixture(const double *x, const double *q, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double m = 0.0;
    for (int k = 0; k < KC; k++) {
      double t = 0.0;
      for (int r = 0; r < DC; r++) {
        double d = x[i * DC + r] - 0.1 * k;
        t += exp(q[k * DC + r]) * d * d + sqrt(1.0 + q[k * DC + r] * q[k * DC + r]) * d;
      }
      m += log(1.0 + t * t) / (1.5 + q[k * DC]);
    }
    s += m;
  }
  return s;
}

/* Two indexed loops around the value (k, r), a third (i) not: the table is indexed by k and r. */
__attribute__((noinline)) static double wide(const double *x, const double *q, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < 3; k++) {
#pragma clang loop unroll(disable) vectorize(disable)
      for (int r = 0; r < RC; r++) s += exp(0.5 * q[k * RC + r]) * x[i * DC + (r + k) % DC];
    }
  return s;
}

/* An inner loop of run-time length: no table; exp is computed again, or kept. */
__attribute__((noinline)) static double runtime_inner(const double *x, const double *q, int n, int m) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < m; k++) s += exp(q[k]) * x[i * DC + k % DC] + sqrt(2.0 + q[k]) * x[i * DC];
  return s;
}

/* q is written after the loop nest: the reverse sweep must not load it again. */
__attribute__((noinline)) static double written_after(double *q, const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < KC; k++) s += exp(q[k]) * x[i * DC + k % DC];
  for (int k = 0; k < KC; k++) q[k] = 0.5 * q[k] + 0.25;
  return s + q[1] * q[2];
}

/* w changes in every outer iteration: exp(w[k]) differs from point to point. */
__attribute__((noinline)) static double drifting(double *w, const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < KC; k++) s += exp(w[k]) * x[i * DC + k % DC];
    for (int k = 0; k < KC; k++) w[k] += 0.05 * x[i * DC + k % DC];
  }
  return s;
}

__attribute__((noinline)) static void decay(double *w, int k) { w[k] = 0.9 * w[k] - 0.01; }

/* The same, the write made by a callee. */
__attribute__((noinline)) static double decaying(double *w, const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < KC; k++) {
      s += exp(w[k]) * x[i * DC + k % DC];
      decay(w, k);
    }
  return s;
}

/* out may be q: a write through out changes what q reads. */
__attribute__((noinline)) static double aliased(const double *q, double *out, const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < KC; k++) {
      s += exp(q[k]) * x[i * DC + k % DC];
      out[k] = q[k] + 0.02 * x[i * DC];
    }
  return s;
}

/* The inner loop starts where the outer loop says: its values depend on the point too. */
__attribute__((noinline)) static double shifted(const double *x, const double *q, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < 3; k++) s += exp(q[i % 3 + k]) * x[i * DC + k];
  return s;
}

/* GMM's triangular loop: the running offset li depends on the column c alone, not on the point
 * or the component. */
__attribute__((noinline)) static double triangle(const double *x, const double *l, int n) {
  double s = 0.0, xc[TD], qx[TD];
  for (int i = 0; i < n; i++)
    for (int k = 0; k < 2; k++) {
      for (int j = 0; j < TD; j++) xc[j] = x[i * DC + j % DC] - 0.2 * k;
      for (int j = 0; j < TD; j++) qx[j] = (1.0 + 0.1 * j) * xc[j];
      int li = 0;
      for (int c = 0; c < TD; c++)
        for (int r = c + 1; r < TD; r++) qx[r] += l[k * LTD + li++] * xc[c];
      for (int r = 0; r < TD; r++) s += qx[r] * qx[r];
    }
  return s;
}

/* The offset steps by what the point says: it differs from point to point (64-bit counters, so
 * that the loops have trip counts). */
__attribute__((noinline)) static double steered(const double *x, const double *l, long n) {
  double s = 0.0;
  for (long i = 0; i < n; i++) {
    long li = 0;
    for (long c = 0; c < TD; c++) {
      s += l[li] * exp(l[li + 1]) * x[i * DC + c % DC];
      if (x[i * DC + c % DC] > 0.45) {
        li += 2;
        s += 0.1 * l[li] * l[li];
      } else {
        li += 1;
      }
    }
  }
  return s;
}

static double X[NMAX * DC], Q[KC * RC];
static int N;
static double F_mix_x(double *x) { return mixture(x, Q, N); }
static double F_mix_q(double *q) { return mixture(X, q, N); }
static double F_wide_q(double *q) { return wide(X, q, N); }
static double F_wide_x(double *x) { return wide(x, Q, N); }
static double F_rt_q(double *q) { return runtime_inner(X, q, N, KC); }
static double F_shift_q(double *q) { return shifted(X, q, N); }
static double F_tri_x(double *x) { return triangle(x, Q, N); }
static double F_tri_l(double *l) { return triangle(X, l, N); }
static double F_steer_l(double *l) { return steered(X, l, (long)N); }
/* The writing functions take a copy, so that each evaluation starts from the same inputs. */
#define COPY_OBJECTIVE(name, call) \
  static double name(double *w) {  \
    double c[KC];                  \
    memcpy(c, w, sizeof c);        \
    return call;                   \
  }
COPY_OBJECTIVE(F_after, written_after(c, X, N))
COPY_OBJECTIVE(F_drift, drifting(c, X, N))
COPY_OBJECTIVE(F_decay, decaying(c, X, N))
COPY_OBJECTIVE(F_alias, aliased(c, c, X, N))

static void check_read_only(int n) {
  char what[64];
  N = n;
  double gx[NMAX * DC] = {0}, gq[KC * RC] = {0}, vx[NMAX * DC], vq[KC * RC];
  for (int i = 0; i < NMAX * DC; i++) vx[i] = 0.3 - 0.02 * i;
  for (int i = 0; i < KC * RC; i++) vq[i] = 0.01 * (i % 7) - 0.03;
  __enzyme_autodiff((void *)mixture, enzyme_dup, X, gx, enzyme_dup, Q, gq, enzyme_const, n);
  snprintf(what, sizeof what, "mixture n=%d: x", n);
  ck_gradient(what, gx, F_mix_x, X, n * DC);
  snprintf(what, sizeof what, "mixture n=%d: q", n);
  ck_gradient(what, gq, F_mix_q, Q, KC * DC);
  double jv = __enzyme_fwddiff((void *)mixture, enzyme_dup, X, vx, enzyme_dup, Q, vq, enzyme_const, n);
  snprintf(what, sizeof what, "mixture n=%d: <g, v>", n);
  CHECK(what, ck_dot(gx, vx, n * DC) + ck_dot(gq, vq, KC * DC), jv);

  memset(gx, 0, sizeof gx), memset(gq, 0, sizeof gq);
  __enzyme_autodiff((void *)wide, enzyme_dup, X, gx, enzyme_dup, Q, gq, enzyme_const, n);
  snprintf(what, sizeof what, "wide n=%d: q", n);
  ck_gradient(what, gq, F_wide_q, Q, 3 * RC);
  snprintf(what, sizeof what, "wide n=%d: x", n);
  ck_gradient(what, gx, F_wide_x, X, n * DC);

  memset(gq, 0, sizeof gq);
  __enzyme_autodiff((void *)runtime_inner, enzyme_const, X, enzyme_dup, Q, gq, enzyme_const, n, enzyme_const, KC);
  snprintf(what, sizeof what, "runtime_inner n=%d: q", n);
  ck_gradient(what, gq, F_rt_q, Q, KC);

  memset(gq, 0, sizeof gq);
  __enzyme_autodiff((void *)shifted, enzyme_const, X, enzyme_dup, Q, gq, enzyme_const, n);
  snprintf(what, sizeof what, "shifted n=%d: q", n);
  ck_gradient(what, gq, F_shift_q, Q, 5);

  memset(gx, 0, sizeof gx), memset(gq, 0, sizeof gq);
  __enzyme_autodiff((void *)triangle, enzyme_dup, X, gx, enzyme_dup, Q, gq, enzyme_const, n);
  snprintf(what, sizeof what, "triangle n=%d: x", n);
  ck_gradient(what, gx, F_tri_x, X, n * DC);
  snprintf(what, sizeof what, "triangle n=%d: l", n);
  ck_gradient(what, gq, F_tri_l, Q, 2 * LTD);

  memset(gq, 0, sizeof gq);
  __enzyme_autodiff((void *)steered, enzyme_const, X, enzyme_dup, Q, gq, enzyme_const, (long)n);
  snprintf(what, sizeof what, "steered n=%d: l", n);
  ck_gradient(what, gq, F_steer_l, Q, 2 * TD + 2);
}

/* A gradient with respect to the initial values of an array the function writes. */
#define CHECK_WRITTEN(f, F, ...)                                             \
  do {                                                                       \
    double c[KC], g[KC] = {0};                                               \
    memcpy(c, Q, sizeof c);                                                  \
    __enzyme_autodiff((void *)f, __VA_ARGS__);                               \
    snprintf(what, sizeof what, #f " n=%d", n);                              \
    ck_gradient(what, g, F, Q, KC);                                          \
  } while (0)

static void check_written(int n) {
  char what[64];
  N = n;
  CHECK_WRITTEN(written_after, F_after, enzyme_dup, c, g, enzyme_const, X, enzyme_const, n);
  CHECK_WRITTEN(drifting, F_drift, enzyme_dup, c, g, enzyme_const, X, enzyme_const, n);
  CHECK_WRITTEN(decaying, F_decay, enzyme_dup, c, g, enzyme_const, X, enzyme_const, n);
  CHECK_WRITTEN(aliased, F_alias, enzyme_dup, c, g, enzyme_dup, c, g, enzyme_const, X, enzyme_const, n);
}

int main(void) {
  for (int i = 0; i < NMAX * DC; i++) X[i] = 0.2 + 0.07 * (i % 11) - 0.004 * i;
  for (int i = 0; i < KC * RC; i++) Q[i] = 0.3 * sin(0.7 * i) - 0.05;
  int sizes[2] = {NMAX, 4};
  for (int k = 0; k < 2; k++) {
    check_read_only(sizes[k]);
    check_written(sizes[k]);
  }
  return ck_done();
}
