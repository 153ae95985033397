// TEST: file-scope double arrays read by loops that the vectorizer turns into aligned 256-bit loads (-mavx2 -ffast-math: the optimizer raises the globals to align 32 and the loads to `align 32`), in reverse mode: the derivative accumulates into each global's zero shadow with the same aligned vector stores, so the shadow must be aligned like the global (a shadow of align 16 faulted in vmovapd); weights, an offset table and a scratch global written and read back; against finite differences and the dot-product test with forward mode
// CFLAGS: -mavx2 -mfma -ffast-math
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 48
static double W[N], OFF[N], SCR[N];

__attribute__((noinline)) double wsum(const double *x, int steps) {
  double *y = malloc(N * sizeof(double));
  memcpy(y, x, N * sizeof(double));
  for (int s = 0; s < steps; s++) {
    for (int k = 0; k < N; k++) SCR[k] = y[k] * W[k] + OFF[k];
    for (int k = 0; k < N; k++) y[k] += 0.01 * SCR[k] * SCR[k];
  }
  double r = 0.0;
  for (int k = 0; k < N; k++) r += W[k] * y[k] * y[k] + OFF[k] * y[k];
  free(y);
  return r;
}
static double o_w(double *x) { return wsum(x, 4); }

int main(void) {
  double x[N], d[N] = {0}, v[N], one = 1.0;
  for (int k = 0; k < N; k++) {
    W[k] = cos(0.3 * k + 0.2);
    OFF[k] = 0.1 * sin(0.7 * k);
    x[k] = 0.5 + 0.3 * sin(1.1 * k);
    v[k] = cos(0.45 * k);
  }
  __enzyme_autodiff((void *)wsum, enzyme_dup, x, d, enzyme_const, 4);
  ck_gradient("aligned global shadows", d, o_w, x, N);
  double jv = __enzyme_fwddiff((void *)wsum, enzyme_dup, x, v, enzyme_const, 4);
  ck_dot_test("aligned global shadows fwd", &one, &jv, 1, d, v, N);
  return ck_done();
}
