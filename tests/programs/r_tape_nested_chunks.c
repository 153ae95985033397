// TEST: reverse mode where counted loops nest and both levels keep values on the tape: the inner loop's chunk asks for the outer loops' room again, so the outer loops' records (before and after the inner loop, edge points of a row as in a stencil) go without a check; counts loaded from memory (the gradient's start cannot plan the tape, so each ensure grows it), inner loops that run zero times, two sibling inner loops of which one runs per row, three levels deep, and a nest whose inner loop calls a function that pushes its own records (every level checked); gradients against finite differences and a dot-product test with forward mode, the tape thousands of records long
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NX 8

__attribute__((noinline)) static double push_own(double s, double v) { return s * cos(v) + 0.05 * sin(s * v); }

__attribute__((noinline)) static double nested(const double *x, const long *m) {
  double s = 1.0;
  // Rows: an edge point before and after the inner loop, kept for the reverse sweep.
  for (long r = 0; r < m[0]; r++) {
    double e = sin(s * x[r & 7]);
    double t = s * e;
    if (r % 3 == 0) {
      for (long j = 0; j < m[1]; j++) t = t * 0.97 + 0.02 * sin(t * x[j & 7]);
    } else {
      for (long j = 0; j < m[2]; j++) t = t * 0.98 + 0.01 * cos(t + x[j & 7]);
    }
    s = sqrt(s * s + t * t) * exp(-0.01 * e * t);
    s = s / (1.0 + 0.1 * s);
  }
  // Three levels, each with its own records.
  for (long a = 0; a < m[3]; a++) {
    double u = cos(s + x[a & 7]);
    for (long b = 0; b < m[4]; b++) {
      double w = u * sin(x[b & 7] * s);
      for (long c = 0; c < m[5]; c++) w = w * 0.99 + 0.01 * sin(w * x[c & 7]);
      u = u * 0.9 + 0.1 * tanh(w);
    }
    s = s * (1.0 + 0.05 * sin(u * s));
  }
  // The inner loop's calls push onto the same tape: no chunk holds there.
  for (long a = 0; a < m[3]; a++) {
    double u = s * x[a & 7];
    for (long b = 0; b < m[4]; b++) u = push_own(u, x[b & 7]);
    s = s * 0.95 + 0.05 * sin(u);
  }
  return s;
}

static double X[NX];
static long M[6];
static double F(double *x) { return nested(x, M); }

static void check_at(long rows, long in1, long in2, long outer, long mid, long inner) {
  char what[96];
  M[0] = rows, M[1] = in1, M[2] = in2, M[3] = outer, M[4] = mid, M[5] = inner;
  double g[NX] = {0}, v[NX];
  __enzyme_autodiff((void *)nested, enzyme_dup, X, g, enzyme_const, M);
  snprintf(what, sizeof what, "nested %ld %ld %ld %ld %ld %ld", rows, in1, in2, outer, mid, inner);
  ck_gradient(what, g, F, X, NX);
  for (int i = 0; i < NX; i++) v[i] = 0.3 - 0.07 * i;
  double jv = __enzyme_fwddiff((void *)nested, enzyme_dup, X, v, enzyme_const, M);
  snprintf(what, sizeof what, "nested %ld %ld %ld %ld %ld %ld: <g, v>", rows, in1, in2, outer, mid, inner);
  CHECK(what, ck_dot(g, v, NX), jv);
}

int main(void) {
  for (int i = 0; i < NX; i++) X[i] = 0.5 - 0.13 * i + 0.02 * i * i;
  check_at(0, 0, 0, 0, 0, 0);
  check_at(1, 0, 5, 1, 0, 3);
  check_at(7, 3, 0, 2, 3, 0);
  check_at(40, 60, 17, 6, 9, 40);
  check_at(300, 1, 2, 30, 1, 1);
  return ck_done();
}
