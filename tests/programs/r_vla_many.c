// TEST: reverse mode through variable-length arrays made again in every iteration of a long loop (100,000 iterations: an active array of 8 doubles and an inactive one of ints, or an inactive array of doubles whose elements the reverse sweep reads, each made per iteration: kept on the stack until the gradient returns they would overflow it), an array at the top of the function, an array aligned to 64 bytes, arrays of no elements, such a loop in a called function (the parts of a call), and at enzyme_width 2; gradients against finite differences
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const, enzyme_width;
void __enzyme_autodiff(void *, ...);

#define NX 4

/* A VLA and an integer VLA in the body of a long loop. */
__attribute__((noinline)) static double many(const double *x, int m, int k) {
  double s = 0;
  for (int j = 0; j < k; j++) {
    double t[m];
    int idx[m];
    for (int i = 0; i < m; i++) idx[i] = (i + j) % NX;
    for (int i = 0; i < m; i++) t[i] = x[idx[i]] * (1.0 + 1e-6 * (i + j));
    for (int i = 0; i + 1 < m; i++) s += t[i] * t[i + 1];
  }
  return s;
}

/* An inactive VLA per iteration whose elements the reverse sweep reads (kept on the tape: its
   scope's end gives its stack room back). */
__attribute__((noinline)) static double reread(const double *x, int m, int k) {
  double s = 0;
  for (int j = 0; j < k; j++) {
    double c[m];
    for (int i = 0; i < m; i++) c[i] = 1.0 + 1e-6 * (i + j);
    for (int i = 0; i < m; i++) s += c[i] * x[i % NX] * x[(i + j) % NX];
  }
  return s;
}

/* A VLA at the top of the function, outside any loop. */
__attribute__((noinline)) static double top(const double *x, int m, int k) {
  double v[m];
  for (int i = 0; i < m; i++) v[i] = x[i % NX] * x[(i + k) % NX];
  double s = 0;
  for (int i = 0; i < m; i++) s += v[i] * v[(i + 2) % m];
  return s;
}

/* A VLA aligned to 64 bytes, read with wide vectors at -O2 and up. */
__attribute__((noinline)) static double aligned(const double *x, int m, int k) {
  double s = 0;
  for (int j = 0; j < k; j++) {
    _Alignas(64) double t[m];
    for (int i = 0; i < m; i++) t[i] = x[i % NX] * x[(i + j) % NX];
    for (int i = 0; i < m; i++) s += t[i] * t[i];
  }
  return s;
}

/* The long loop in a called function: its augmented part makes the arrays. */
__attribute__((noinline)) static double inner(const double *x, int m, int k) {
  double s = 0;
  for (int j = 0; j < k; j++) {
    double t[m];
    for (int i = 0; i < m; i++) t[i] = x[(i + j) % NX] + 1e-5 * j;
    for (int i = 0; i < m; i++) s += t[i] * t[m - 1 - i];
  }
  return s;
}
__attribute__((noinline)) static double outer(const double *x, int m, int k) { return x[0] * inner(x, m, k); }

/* The same loop at enzyme_width 2: the arrays' shadows per lane, the result through memory. */
__attribute__((noinline)) static void many_to(const double *x, double *y, int m, int k) {
  double s = 0;
  for (int j = 0; j < k; j++) {
    double t[m];
    for (int i = 0; i < m; i++) t[i] = x[(i + j) % NX] * (1.0 + 1e-6 * (i + j));
    for (int i = 0; i + 1 < m; i++) s += t[i] * t[i + 1];
  }
  *y = s;
}

static int M, K;
static double F_many_to(double *x) {
  double y;
  many_to(x, &y, M, K);
  return y;
}
static double F_many(double *x) { return many(x, M, K); }
static double F_reread(double *x) { return reread(x, M, K); }
static double F_top(double *x) { return top(x, M, K); }
static double F_aligned(double *x) { return aligned(x, M, K); }
static double F_outer(double *x) { return outer(x, M, K); }

static double X[NX];
static char label[64];
#define CHECK_GRAD(what, f, F, m, k)                                                      \
  do {                                                                                  \
    double g[NX] = {0};                                                                 \
    M = m, K = k;                                                                       \
    __enzyme_autodiff((void *)f, enzyme_dup, X, g, enzyme_const, M, enzyme_const, K);   \
    snprintf(label, sizeof label, "%s (m = %d, k = %d)", what, M, K);                   \
    ck_gradient(label, g, F, X, NX);                                                    \
  } while (0)

int main(void) {
  for (int i = 0; i < NX; i++) X[i] = 0.5 + 0.3 * sin(0.7 * i + 0.1);
  CHECK_GRAD("many", many, F_many, 8, 100000);
  CHECK_GRAD("many", many, F_many, 0, 1000);
  CHECK_GRAD("reread", reread, F_reread, 8, 100000);
  CHECK_GRAD("top", top, F_top, 7, 1);
  CHECK_GRAD("aligned", aligned, F_aligned, 9, 1000);
  CHECK_GRAD("aligned", aligned, F_aligned, 0, 10);
  CHECK_GRAD("outer", outer, F_outer, 8, 100000);
  {
    double g[2][NX] = {{0}}, y, dy[2] = {1.0, -0.5};
    M = 8, K = 20000;
    __enzyme_autodiff((void *)many_to, enzyme_width, 2, enzyme_dup, X, g[0], g[1], enzyme_dup, &y, &dy[0], &dy[1],
                      enzyme_const, M, enzyme_const, K);
    for (int i = 0; i < NX; i++) g[1][i] /= -0.5;
    ck_gradient("many_to width 2 lane 0", g[0], F_many_to, X, NX);
    ck_gradient("many_to width 2 lane 1 (seed -0.5)", g[1], F_many_to, X, NX);
  }
  return ck_done();
}
