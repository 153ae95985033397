// TEST: reverse mode keeps the conditions of one record as bits of shared words: a max chain of 70 compares written out in a helper called once per round (its part keeps 69 select conditions, more than one word holds), a logsumexp over a loop, and a clamp with two conditions per iteration over an array overwritten in place; gradients against finite differences over 1, 3 and 7 rounds, and a dot-product test with forward mode
#include <math.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NX 11
#define NW 70

#define STEP(i) m = v[i] > m ? v[i] : m;
#define STEP10(i) STEP(i) STEP(i + 1) STEP(i + 2) STEP(i + 3) STEP(i + 4) STEP(i + 5) STEP(i + 6) STEP(i + 7) STEP(i + 8) STEP(i + 9)

/* The largest of v[0..70), one compare and select per element, in straight-line code. */
__attribute__((noinline)) static double max70(const double *v) {
  double m = v[0];
  STEP(1) STEP(2) STEP(3) STEP(4) STEP(5) STEP(6) STEP(7) STEP(8) STEP(9)
  STEP10(10) STEP10(20) STEP10(30) STEP10(40) STEP10(50) STEP10(60)
  return m;
}

__attribute__((noinline)) static double logsumexp(const double *v, int n) {
  double m = v[0];
  for (int i = 1; i < n; i++) m = v[i] > m ? v[i] : m;
  double s = 0.0;
  for (int i = 0; i < n; i++) s += exp(v[i] - m);
  return log(s) + m;
}

__attribute__((noinline)) static double rounds_of(double *x, int rounds) {
  double work[NW], total = 0.0;
  for (int r = 0; r < rounds; r++) {
    /* Distinct values: no ties in the max, whatever the finite-difference step. */
    for (int k = 0; k < NW; k++) work[k] = x[(k + r) % NX] * (1.0 + 0.1 * r) + 0.037 * ((k * 29 + r * 7) % NW);
    total += max70(work) + 0.5 * logsumexp(work, NW / 2 + r);
  }
  /* Two clamps per element of x, then x is halved in place: the conditions are kept. */
  for (int i = 0; i < NX; i++) {
    double v = x[i];
    double hi = v > 0.48 ? 0.48 : v;
    double lo = v < -0.42 ? -0.42 : v;
    total += 0.3 * hi + 0.7 * lo;
    x[i] = 0.5 * v;
  }
  return total;
}

static double X[NX];
static int ROUNDS;
static double F(double *x) {
  double y[NX];
  for (int i = 0; i < NX; i++) y[i] = x[i];
  return rounds_of(y, ROUNDS);
}

static void check_at(int rounds) {
  char what[64];
  ROUNDS = rounds;
  double x[NX], g[NX] = {0}, v[NX], t[NX];
  for (int i = 0; i < NX; i++) x[i] = X[i];
  __enzyme_autodiff((void *)rounds_of, enzyme_dup, x, g, enzyme_const, rounds);
  snprintf(what, sizeof what, "rounds=%d", rounds);
  ck_gradient(what, g, F, X, NX);
  for (int i = 0; i < NX; i++) x[i] = X[i], v[i] = 0.25 - 0.06 * i, t[i] = v[i];
  double jv = __enzyme_fwddiff((void *)rounds_of, enzyme_dup, x, t, enzyme_const, rounds);
  snprintf(what, sizeof what, "rounds=%d: <g, v>", rounds);
  CHECK(what, ck_dot(g, v, NX), jv);
}

int main(void) {
  /* Away from the clamps' thresholds 0.48 and -0.42. */
  for (int i = 0; i < NX; i++) X[i] = -0.8 + 0.151 * i;
  check_at(1);
  check_at(3);
  check_at(7);
  return ck_done();
}
