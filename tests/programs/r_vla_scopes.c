// TEST: reverse mode through variable-length arrays whose scope ends before the function returns (a stackrestore per loop iteration, and one before the lifetime ends of other arrays at the end of the function, as clang emits at -O0 with AddressSanitizer): the forward sweep must not free an array or its shadow that the reverse sweep still reads, where the reverse sweep's own calls would reuse the room; arrays of 1, 2, 3 and 37 elements; gradients against finite differences
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const;
void __enzyme_autodiff(void *, ...);

#define NX 8

/* A VLA in a loop body: its scope ends at the end of each iteration. */
__attribute__((noinline)) static double in_loop(const double *x, int m, int k) {
  double s = 0;
  for (int j = 0; j < k; j++) {
    double t[m];
    for (int i = 0; i < m; i++) t[i] = sin(x[(i + j) % NX] * (j + 1));
    for (int i = 0; i < m; i++) s += t[i] * t[(i + 1) % m] * cos(t[i]);
  }
  return s;
}

/* A VLA in a block scope next to fixed arrays, read after its scope by nothing but the
   reverse sweep. */
__attribute__((noinline)) static double in_block(const double *x, int m) {
  double a[16], s = 0;
  for (int i = 0; i < 16; i++) a[i] = x[i % NX] * (1.0 + 0.01 * i);
  {
    double v[m];
    for (int i = 0; i < m; i++) v[i] = a[(3 * i) % 16] * exp(0.1 * a[i % 16]);
    for (int i = 0; i < m; i++) s += v[i] * v[(i + 2) % m];
  }
  for (int i = 0; i < 16; i++) s += log(1.0 + a[i] * a[i]);
  return s;
}

static double X[NX];
static int M, K;
static double F_loop(double *x) { return in_loop(x, M, K); }
static double F_block(double *x) { return in_block(x, M); }

int main(void) {
  for (int i = 0; i < NX; i++) X[i] = 0.5 + 0.3 * sin(0.7 * i + 0.1);
  static const int sizes[] = {1, 2, 3, 37};
  char label[64];
  for (int n = 0; n < 4; n++) {
    M = sizes[n], K = 5;
    double g[NX] = {0}, h[NX] = {0};
    __enzyme_autodiff((void *)in_loop, enzyme_dup, X, g, enzyme_const, M, enzyme_const, K);
    snprintf(label, sizeof label, "VLA in a loop (m = %d)", M);
    ck_gradient(label, g, F_loop, X, NX);
    __enzyme_autodiff((void *)in_block, enzyme_dup, X, h, enzyme_const, M);
    snprintf(label, sizeof label, "VLA in a block (m = %d)", M);
    ck_gradient(label, h, F_block, X, NX);
  }
  return ck_done();
}
