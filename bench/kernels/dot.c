/* Dot product of two n = 2048 vectors, reassociation allowed (so the primal vectorizes);
 * tangent along (dx, dy). */
#include "../bench.h"

enum { N = 2048 };
const char *kernel_name = "dot";
static double x[N], y[N], dx[N], dy[N];
double result, dresult; /* external: stores to them are not dead */

double dot(const double *a, const double *b, int n) {
#pragma clang fp reassociate(on)
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

void kernel_init(void) {
  for (int i = 0; i < N; i++) {
    x[i] = 1.0 + 0.001 * i;
    y[i] = 0.5 - 0.0003 * i;
    dx[i] = (i % 7) * 0.1;
    dy[i] = 1.0 - (i % 5) * 0.2;
  }
}

BENCH_ENTRY void kernel_primal(void) { result = dot(x, y, N); }

BENCH_ENTRY void kernel_tangent(void) {
  dresult = __enzyme_fwddiff_d((void *)dot, enzyme_dup, x, dx, enzyme_dup, y, dy, enzyme_const, N);
}

int kernel_results(double *out, int max) {
  if (max < 1) return 0;
  out[0] = dresult;
  return 1;
}
