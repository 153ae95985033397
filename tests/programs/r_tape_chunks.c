// TEST: reverse mode where counted loops make room for all their records once per entry and store them without a check: an int-counted loop with a record under a data-dependent condition, a do-while loop, a nest whose inner loop keeps its chunk while the outer one's records are checked, a loop calling a non-inlined function that pushes onto the same tape, a loop stepping by 3 over a long index, an 8-bit counter stepping by 3 that wraps before it meets its bound, a loop whose count is loaded from memory (unknown where the gradient starts, so only its own chunk makes its room: 20,000 records at the last check), and a loop ending on data; gradients against finite differences at n = 0, 1, 7 and 300, and a dot-product test with forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NX 8

__attribute__((noinline)) static double step(double s, double v) { return s * cos(v) + 0.1 * sin(s * v); }

__attribute__((noinline)) static double chunks(const double *x, const int *m, int n) {
  double s = 1.0;
  // Counted by an int; a record under a condition.
  for (int i = 0; i < n; i++) {
    double v = x[i % NX];
    s = s * (1.0 + 0.1 * v);
    if (v > 0.37) s = sin(s) + s * v;
  }
  // do-while: the body runs at least once.
  int k = 0;
  do {
    s = s * 0.9 + 0.05 * exp(-s * x[k % NX]);
    k++;
  } while (k < n);
  // A nest: both loops keep values on the tape.
  for (int j = 0; j < n % 5 + 1; j++) {
    double t = s * x[j % NX];
    for (int i = 0; i < n; i++) t = t * 0.97 + 0.02 * sin(t * x[i % NX]);
    s = sqrt(s * s + t * t);
  }
  // A call that pushes its own records onto the tape, inside a counted loop.
  for (long i = 0; i < n; i++) s = step(s, x[i % NX]);
  // A long step over a 64-bit index.
  for (long i = 0; i < 3L * n; i += 3) s = s * 0.99 + 0.01 * cos(s + x[i % NX]);
  // An 8-bit counter stepping by 3 that wraps once before it meets its bound: 171 runs.
  for (unsigned char c = 0; c != 1; c += 3) s = s * (1.0 + 1e-3 * x[c & 7] * s);
  // Counted by a value loaded from memory.
  for (long i = 0; i < *m; i++) s = s * (1.0 + 1e-5 * x[i & 7] * s);
  // Ends on data: the count is unknown before the loop.
  for (int i = 0; s > 0.5 && i < 4 * n; i++) s = s * (0.9 + 0.01 * x[i % NX]);
  return s;
}

static double X[NX];
static int N, M;
static double F(double *x) { return chunks(x, &M, N); }

static void check_at(int n, int m) {
  char what[64];
  N = n, M = m;
  double g[NX] = {0}, v[NX];
  __enzyme_autodiff((void *)chunks, enzyme_dup, X, g, enzyme_const, &M, enzyme_const, n);
  snprintf(what, sizeof what, "chunks n=%d", n);
  ck_gradient(what, g, F, X, NX);
  for (int i = 0; i < NX; i++) v[i] = 0.3 - 0.07 * i;
  double jv = __enzyme_fwddiff((void *)chunks, enzyme_dup, X, v, enzyme_const, &M, enzyme_const, n);
  snprintf(what, sizeof what, "chunks n=%d: <g, v>", n);
  CHECK(what, ck_dot(g, v, NX), jv);
}

int main(void) {
  for (int i = 0; i < NX; i++) X[i] = 0.5 - 0.13 * i + 0.02 * i * i;
  check_at(0, 0);
  check_at(1, 3);
  check_at(7, 40);
  check_at(300, 20000);
  return ck_done();
}
