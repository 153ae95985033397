// TEST: reverse mode through local arrays filled once per iteration from inputs and read by later loops of the same iteration (GMM's x - mean read by a plain and a triangular loop; the reverse sweep writes such an array again instead of keeping its loads), beside shapes it must not touch: a loop left by a break, a return inside the loop, an array read after its loop, and one filled from a running value
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define D 8
#define K 3
#define P 4
#define NX (D * K + D * (D - 1) / 2 + P * D)

/* GMM's inner part: per point and component, xc = x - mean (a loop of fixed count, unrolled
 * from -O2), then qx = exp(q) .* xc plus the strictly lower triangle of l times xc, and the sum
 * of squares, over d = D columns that the compiler does not know (so xc stays in memory). */
static double gmm_like(const double *v, int d) {
  const double *means = v, *ls = v + D * K, *x = v + D * K + D * (D - 1) / 2;
  double xc[D], qx[D], total = 0.0;
  for (int i = 0; i < P; i++) {
    for (int k = 0; k < K; k++) {
      for (int j = 0; j < D; j++) xc[j] = x[i * D + j] - means[k * D + j];
      for (int r = 0; r < d; r++) qx[r] = exp(0.1 * r) * xc[r];
      int li = 0;
      for (int c = 0; c < d; c++)
        for (int r = c + 1; r < d; r++) qx[r] += ls[li++] * xc[c];
      double sq = 0.0;
      for (int r = 0; r < d; r++) sq += qx[r] * qx[r];
      total += sin(0.1 * sq) * xc[k % D];
    }
  }
  return total;
}

/* The point loop is left by a break when the running sum passes a bound: the last iteration
 * ends elsewhere than at the latch. */
static double with_break(const double *v, int n) {
  double c[4], s = 0.0;
  for (int i = 0; i < P; i++) {
    for (int j = 0; j < 4; j++) c[j] = v[i + j] - v[j + 1];
    for (int j = 0; j < n; j++) s += c[j] * c[j] * v[j];
    if (s > 4.0) break;
    for (int j = 0; j < n; j++) s += sin(c[j]) * c[(j + 1) % n];
  }
  return s;
}

/* A return inside the loop, after the array is read. */
static double with_return(const double *v, int n, double bound) {
  double c[4], s = 0.0;
  for (int i = 0; i < P; i++) {
    for (int j = 0; j < 4; j++) c[j] = v[i + j] * v[2 * j];
    for (int j = 0; j < n; j++) s += c[j] * c[(j + 2) % n];
    if (s > bound) return s * c[1];
    for (int j = 0; j < n; j++) s += cos(c[j]) * v[j + 3];
  }
  return s;
}
static double with_return_low(double *v) { return with_return(v, 4, 2.0); }
static double with_return_high(double *v) { return with_return(v, 4, 1e9); }

/* The array is read again after its loop (the last iteration's values), and filled from a
 * running value (the previous iteration's result), in a nest of two loops. */
static double read_after(const double *v, int n) {
  double c[4], s = 0.5, t = 0.0;
  for (int o = 0; o < 2; o++) {
    for (int i = 0; i < P; i++) {
      for (int j = 0; j < 4; j++) c[j] = v[4 * i + j] - v[o + j];
      for (int j = 0; j < n; j++) s += c[j] * c[n - 1 - j] * 0.25;
    }
    for (int j = 0; j < n; j++) t += c[j] * c[j] * s;
  }
  double r[4];
  for (int i = 0; i < P; i++) {
    for (int j = 0; j < 4; j++) r[j] = s * v[j + i];
    for (int j = 0; j < n; j++) s += r[j] * r[(j + 1) % n] * 0.1;
  }
  return s + t;
}

static double F_gmm(double *v) { return gmm_like(v, D); }
static double F_break(double *v) { return with_break(v, 4); }
static double F_read_after(double *v) { return read_after(v, 4); }

int main(void) {
  double v[NX], dv[NX];
  for (int i = 0; i < NX; i++) v[i] = 0.3 * sin(1.7 * i + 0.4) + 0.1;
  memset(dv, 0, sizeof dv);
  __enzyme_autodiff((void *)gmm_like, enzyme_dup, v, dv, enzyme_const, D);
  ck_gradient("x - mean read by a plain and a triangular loop", dv, F_gmm, v, NX);
  memset(dv, 0, sizeof dv);
  __enzyme_autodiff((void *)with_break, enzyme_dup, v, dv, enzyme_const, 4);
  ck_gradient("a loop left by a break", dv, F_break, v, 8);
  memset(dv, 0, sizeof dv);
  __enzyme_autodiff((void *)with_return, enzyme_dup, v, dv, enzyme_const, 4, enzyme_const, 2.0);
  ck_gradient("a return inside the loop (taken)", dv, with_return_low, v, 8);
  memset(dv, 0, sizeof dv);
  __enzyme_autodiff((void *)with_return, enzyme_dup, v, dv, enzyme_const, 4, enzyme_const, 1e9);
  ck_gradient("a return inside the loop (not taken)", dv, with_return_high, v, 8);
  memset(dv, 0, sizeof dv);
  __enzyme_autodiff((void *)read_after, enzyme_dup, v, dv, enzyme_const, 4);
  ck_gradient("an array read after its loop, and one filled from a running value", dv, F_read_after, v, 20);
  return ck_done();
}
