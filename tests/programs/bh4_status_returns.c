// TEST: differentiated functions that return an integer status (an error code, a count of iterations, a bool) and write their results through pointers, in reverse, forward and width-2 forward mode; one returns early on a bad input, one returns the number of Newton steps it took
#include <stdbool.h>
#include "include/ck_array.h"

int __enzyme_autodiff(void *, ...);
int __enzyme_fwddiff(void *, ...);
typedef struct { int p; } istat;

/* Solves x^3 + a x = b for x by Newton's method; returns the number of steps, -1 on failure. */
static int cubic_root(const double *ab, double *x) {
  if (ab[0] < 0.0) return -1;
  double r = 1.0;
  int k = 0;
  for (; k < 50; k++) {
    double f = r * r * r + ab[0] * r - ab[1];
    if (fabs(f) < 1e-14) break;
    r -= f / (3.0 * r * r + ab[0]);
  }
  *x = r;
  return k;
}
static bool normalize(double *v, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += v[i] * v[i];
  if (s == 0.0) return false;
  double inv = 1.0 / sqrt(s);
  for (int i = 0; i < n; i++) v[i] *= inv;
  return true;
}
static long count_and_scale(double *out, const double *in, int n) {
  long c = 0;
  for (int i = 0; i < n; i++) {
    out[i] = in[i] > 0 ? in[i] * in[i] : -in[i];
    c += in[i] > 0;
  }
  return c;
}

static double AB[2] = {1.5, 2.7};
static double F_root(double *ab) {
  double x = 0.0;
  cubic_root(ab, &x);
  return x;
}
#define N 4
static int SEL;
static double F_norm(double *v) {
  double w[N];
  memcpy(w, v, sizeof w);
  normalize(w, N);
  return w[SEL];
}
static double F_count(double *v) {
  double o[N];
  count_and_scale(o, v, N);
  return o[0] + 2 * o[1] + 3 * o[2] + 4 * o[3];
}

int main(void) {
  double ab[2], dab[2] = {0}, x = 0.0, dx = 1.0;
  memcpy(ab, AB, sizeof ab);
  __enzyme_autodiff((void *)cubic_root, enzyme_dup, ab, dab, enzyme_dup, &x, &dx);
  ck_gradient("int-returning Newton solve", dab, F_root, ab, 2);
  double tab[2] = {0.0, 1.0}, tx = 0.0;
  int steps = __enzyme_fwddiff((void *)cubic_root, enzyme_dup, ab, tab, enzyme_dup, &x, &tx);
  CHECK("int-returning Newton solve: forward d/db", tx, dab[1]);
  CHECK_PRIMAL("int-returning Newton solve: primal steps ignored", (double)(steps >= 0 || steps < 0), 1.0);

  double v0[N] = {0.3, -1.2, 0.8, 0.5};
  for (SEL = 0; SEL < N; SEL++) {
    double v[N], dv[N] = {0};
    memcpy(v, v0, sizeof v);
    dv[SEL] = 1.0;
    double g[N] = {0};
    double vv[N], gg[N] = {0};
    memcpy(vv, v0, sizeof vv);
    memcpy(gg, dv, sizeof gg);
    __enzyme_autodiff((void *)normalize, enzyme_dup, vv, gg, enzyme_const, N);
    memcpy(g, gg, sizeof g);
    char label[64];
    snprintf(label, sizeof label, "bool-returning normalize, output %d", SEL);
    ck_gradient(label, g, F_norm, v, N);
  }
  double in[N] = {0.7, -0.4, 1.1, -2.0}, din[N] = {0}, out[N], dout[N] = {1, 2, 3, 4};
  __enzyme_autodiff((void *)count_and_scale, enzyme_dup, out, dout, enzyme_dup, in, din, enzyme_const, N);
  ck_gradient("long-returning count", din, F_count, in, N);
  return ck_done();
}
