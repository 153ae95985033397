// TEST: reverse mode through sibling inner loops of one outer iteration that read the same values of that iteration (kept once, where the block after all their exits is entered, instead of at each loop's exit): a triangular loop whose vectorized body and scalar remainder both read xc[c], from a stack array written again for each k, and the running offset li (GMM's shape, at -O2 and above), two hand-written loops after each other reading the same row scale, and the same with a return between them on some rows (at -O1 the return joins the latch path, after the second loop); gradients against finite differences at three sizes, and a dot-product test with forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NMAX 23
#define LMAX (NMAX * (NMAX - 1) / 2)

__attribute__((noinline)) static double tri(const double *x, const double *l, int n) {
  double xc[NMAX], q[NMAX], s = 0.0;
  for (int k = 0; k < 3; k++) {
    for (int j = 0; j < n; j++) xc[j] = x[j] - 0.1 * k * x[(j + k) % n];
    for (int r = 0; r < n; r++) q[r] = (1.0 + 0.1 * k) * xc[r];
    int li = 0;
    for (int c = 0; c < n; c++)
      for (int r = c + 1; r < n; r++) q[r] += l[li++] * xc[c];
    for (int r = 0; r < n; r++) s += q[r] * q[r];
  }
  return s;
}

__attribute__((noinline)) static double two(const double *x, const double *w, int n, int m) {
  double s = 0.0;
  for (int c = 0; c < n; c++) {
    double a = x[c] * w[c];
    double b = sin(x[c]);
    double t = 0.0;
    for (int j = 0; j < m; j++) t += a * w[(c + j) % NMAX] + b * t * 0.1;
    for (int j = 0; j < c % 5; j++) t = t * a + b * w[j];
    s += t;
  }
  return s;
}

__attribute__((noinline)) static double two_ret(const double *x, const double *w, int n, int m) {
  double s = 0.0;
  for (int c = 0; c < n; c++) {
    double a = x[c] * w[c];
    double b = cos(x[c]);
    double t = 0.0;
    for (int j = 0; j < m; j++) t += a * w[(c + 2 * j) % NMAX] - b * t * 0.05;
    if (c + m == 12) return s + t;
    for (int j = 0; j < c % 4; j++) t = t * b + a * w[j + 1];
    s += t * 0.5;
  }
  return s;
}

static double X[NMAX], W[LMAX];
static int N, M;
static double F_tri_x(double *x) { return tri(x, W, N); }
static double F_tri_l(double *l) { return tri(X, l, N); }
static double F_two_x(double *x) { return two(x, W, N, M); }
static double F_two_w(double *w) { return two(X, w, N, M); }
static double F_ret_x(double *x) { return two_ret(x, W, N, M); }
static double F_ret_w(double *w) { return two_ret(X, w, N, M); }

static void check_tri(int n) {
  char what[64];
  N = n;
  double gx[NMAX] = {0}, gl[LMAX] = {0}, vx[NMAX], vl[LMAX];
  __enzyme_autodiff((void *)tri, enzyme_dup, X, gx, enzyme_dup, W, gl, enzyme_const, n);
  snprintf(what, sizeof what, "tri n=%d: x", n);
  ck_gradient(what, gx, F_tri_x, X, n);
  snprintf(what, sizeof what, "tri n=%d: l", n);
  ck_gradient(what, gl, F_tri_l, W, n * (n - 1) / 2);
  for (int i = 0; i < NMAX; i++) vx[i] = 0.3 - 0.05 * i;
  for (int i = 0; i < LMAX; i++) vl[i] = 0.02 * (i % 7) - 0.04;
  double jv = __enzyme_fwddiff((void *)tri, enzyme_dup, X, vx, enzyme_dup, W, vl, enzyme_const, n);
  snprintf(what, sizeof what, "tri n=%d: <g, v> over x and l", n);
  CHECK(what, ck_dot(gx, vx, n) + ck_dot(gl, vl, n * (n - 1) / 2), jv);
}

/* A macro, so that each call names the function it differentiates. */
#define CHECK_TWO(f, fx, fw, n, m)                                                                       \
  do {                                                                                                    \
    char what[64];                                                                                        \
    N = n, M = m;                                                                                         \
    double gx[NMAX] = {0}, gw[LMAX] = {0}, vx[NMAX], vw[LMAX];                                            \
    __enzyme_autodiff((void *)f, enzyme_dup, X, gx, enzyme_dup, W, gw, enzyme_const, n, enzyme_const, m); \
    snprintf(what, sizeof what, #f " n=%d m=%d: x", n, m);                                                \
    ck_gradient(what, gx, fx, X, n);                                                                      \
    snprintf(what, sizeof what, #f " n=%d m=%d: w", n, m);                                                \
    ck_gradient(what, gw, fw, W, NMAX);                                                                   \
    for (int i = 0; i < NMAX; i++) vx[i] = 0.2 - 0.03 * i, vw[i] = 0.01 * (i % 5) - 0.02;                 \
    double jv = __enzyme_fwddiff((void *)f, enzyme_dup, X, vx, enzyme_dup, W, vw, enzyme_const, n,        \
                                 enzyme_const, m);                                                        \
    snprintf(what, sizeof what, #f " n=%d m=%d: <g, v> over x and w", n, m);                              \
    CHECK(what, ck_dot(gx, vx, n) + ck_dot(gw, vw, NMAX), jv);                                            \
  } while (0)

int main(void) {
  for (int i = 0; i < NMAX; i++) X[i] = 0.4 + 0.11 * i - 0.006 * i * i;
  for (int i = 0; i < LMAX; i++) W[i] = 0.3 - 0.002 * i + 0.05 * (i % 3);
  int sizes[3] = {NMAX, 3, 10};
  for (int k = 0; k < 3; k++) {
    check_tri(sizes[k]);
    CHECK_TWO(two, F_two_x, F_two_w, sizes[k], 7 + k);
    CHECK_TWO(two_ret, F_ret_x, F_ret_w, sizes[k], 5 + 3 * k);
  }
  return ck_done();
}
