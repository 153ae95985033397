// TEST: reverse mode through loops whose tape room is planned once per iteration of an outer loop whose count is not known where the gradient starts: radix-2 butterflies in stages of doubling width (groups stepping by 2h, inner loops of h iterations, the vectorizer's vector-or-scalar choice at -O2), inner loops whose count each iteration of a loop multiplying its counter computes, a loop stepping by a run-time stride to a `<=` bound, and a straight-line helper with branches called in a counted loop (what its part pushes is planned where the gradient starts); gradients against finite differences at several sizes, and a dot-product test with forward mode
#include <math.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NX 32

/* Butterflies over n = 2^k points (n <= NX) in place, weights depending on k only. */
__attribute__((noinline)) static double stages(const double *x, int n) {
  double w[NX];
  for (int i = 0; i < n; i++) w[i] = x[i];
  for (int half = 1, step = n / 2; half < n; half *= 2, step /= 2)
    for (int s = 0; s < n; s += 2 * half)
      for (int k = 0; k < half; k++) {
        int a = s + k, b = a + half;
        double c = 0.9 / (1.0 + k * step), t = w[b] * c;
        w[b] = w[a] - t - 0.05 * t * t;
        w[a] = w[a] + t + 0.05 * w[a] * t;
      }
  double loss = 0.0;
  for (int i = 0; i < n; i++) loss += w[i] * w[i] / (1.0 + i % 5);
  return loss;
}

/* An outer loop multiplying its counter by 3 (no trip count); each iteration's inner loop runs
   a count that iteration computes. */
__attribute__((noinline)) static double tripled(const double *x, int n) {
  double s = 0.5;
  for (int h = 1; h < n; h *= 3) {
    int m = 1 + (h * 5) % 7;
    for (int j = 0; j < m; j++) s = s + 0.03 * x[(h + j) % NX] * sin(s);
  }
  return s;
}

/* Groups of a run-time stride up to a `<=` bound, inside an outer loop that halves. */
__attribute__((noinline)) static double strided(const double *x, int n, int stride) {
  double s = 1.0;
  for (int r = n; r > 1; r /= 2)
    for (int g = 0; g <= r - 1; g += stride)
      for (int j = 0; j < 3; j++) s = s * 0.98 + 0.02 * cos(s * x[(g + j) % NX]);
  return s;
}

/* Straight-line code with branches: its augmented part pushes the same bytes on every call. */
__attribute__((noinline)) static double mix(double a, double b, double c) {
  double m = a > b ? a : b;
  m = m > c ? m : c;
  double lo = a < b ? a : b;
  return m * m + exp(0.1 * lo) + a * b * c;
}

__attribute__((noinline)) static double mixed(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += 0.01 * mix(x[i % NX], x[(i + 3) % NX], 0.1 * s);
  return s;
}

static double X[NX];
static int N, STRIDE;
static double F_stages(double *x) { return stages(x, N); }
static double F_tripled(double *x) { return tripled(x, 4 * N); }
static double F_strided(double *x) { return strided(x, N, STRIDE); }
static double F_mixed(double *x) { return mixed(x, 2 * N); }

/* One gradient and its dot-product test: g from __enzyme_autodiff, jv from __enzyme_fwddiff. */
static void check(const char *name, const double *g, double jv, ck_objective F) {
  char what[80];
  double v[NX];
  snprintf(what, sizeof what, "%s n=%d stride=%d", name, N, STRIDE);
  ck_gradient(what, g, F, X, NX);
  for (int i = 0; i < NX; i++) v[i] = 0.25 - 0.015 * i;
  snprintf(what, sizeof what, "%s n=%d stride=%d: <g, v>", name, N, STRIDE);
  CHECK(what, ck_dot(g, v, NX), jv);
}

static void check_at(int n, int stride) {
  N = n, STRIDE = stride;
  double g[4][NX] = {{0}}, v[NX];
  for (int i = 0; i < NX; i++) v[i] = 0.25 - 0.015 * i;
  __enzyme_autodiff((void *)stages, enzyme_dup, X, g[0], enzyme_const, n);
  check("stages", g[0], __enzyme_fwddiff((void *)stages, enzyme_dup, X, v, enzyme_const, n), F_stages);
  __enzyme_autodiff((void *)tripled, enzyme_dup, X, g[1], enzyme_const, 4 * n);
  check("tripled", g[1], __enzyme_fwddiff((void *)tripled, enzyme_dup, X, v, enzyme_const, 4 * n), F_tripled);
  __enzyme_autodiff((void *)strided, enzyme_dup, X, g[2], enzyme_const, n, enzyme_const, stride);
  check("strided", g[2], __enzyme_fwddiff((void *)strided, enzyme_dup, X, v, enzyme_const, n, enzyme_const, stride),
        F_strided);
  __enzyme_autodiff((void *)mixed, enzyme_dup, X, g[3], enzyme_const, 2 * n);
  check("mixed", g[3], __enzyme_fwddiff((void *)mixed, enzyme_dup, X, v, enzyme_const, 2 * n), F_mixed);
}

int main(void) {
  /* Increasing by at least 0.03 a step: no ties in mix. */
  for (int i = 0; i < NX; i++) X[i] = 0.3 + 0.05 * i + 0.01 * sin(1.7 * i);
  check_at(1, 1);
  check_at(2, 3);
  check_at(8, 2);
  check_at(32, 5);
  return ck_done();
}
