// TEST: reverse mode where the tape is sized once where the gradient starts: fixed-count nested loops (6 by 5, the inner one holding a block under a data-dependent condition, which the size leaves out), a loop bounded by the int parameter n, and a loop whose count is loaded from memory (not known at the start: grown as it fills); gradients against finite differences at n = 0, 3 and 40, and a dot-product test with forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NX 6
#define NW 5

__attribute__((noinline)) static double nest(const double *x, const double *w, const int *m, int n) {
  double s = 0.0;
  for (int i = 0; i < NX; i++)
    for (int j = 0; j < NW; j++) {
      double t = sin(x[i] * w[j] + 0.01 * s);
      if (x[(i + j) % NX] > 0.2) t = t * t * x[j];
      s += t;
    }
  for (int k = 0; k < n; k++) s += cos(0.1 * x[k % NX] * s);
  for (int k = 0; k < *m; k++) s += 0.05 * w[k % NW] * exp(-0.1 * s * s);
  return s;
}

static double X[NX], W[NW];
static int N, M = 7;
static double F_x(double *x) { return nest(x, W, &M, N); }
static double F_w(double *w) { return nest(X, w, &M, N); }

static void check_at(int n) {
  char what[64];
  N = n;
  double gx[NX] = {0}, gw[NW] = {0}, vx[NX], vw[NW];
  __enzyme_autodiff((void *)nest, enzyme_dup, X, gx, enzyme_dup, W, gw, enzyme_const, &M, enzyme_const, n);
  snprintf(what, sizeof what, "nested loops n=%d: x", n);
  ck_gradient(what, gx, F_x, X, NX);
  snprintf(what, sizeof what, "nested loops n=%d: w", n);
  ck_gradient(what, gw, F_w, W, NW);
  for (int i = 0; i < NX; i++) vx[i] = 0.3 - 0.07 * i;
  for (int i = 0; i < NW; i++) vw[i] = 0.05 * i - 0.1;
  double jv = __enzyme_fwddiff((void *)nest, enzyme_dup, X, vx, enzyme_dup, W, vw, enzyme_const, &M, enzyme_const, n);
  snprintf(what, sizeof what, "nested loops n=%d: <g, v> over x and w", n);
  CHECK(what, ck_dot(gx, vx, NX) + ck_dot(gw, vw, NW), jv);
}

int main(void) {
  for (int i = 0; i < NX; i++) X[i] = 0.5 - 0.13 * i + 0.02 * i * i;
  for (int i = 0; i < NW; i++) W[i] = 0.7 + 0.2 * i - 0.03 * i * i;
  check_at(0);
  check_at(3);
  check_at(40);
  return ck_done();
}
