// TEST: MemorySanitizer (-fsanitize=memory)
// CFLAGS: -fsanitize=memory
// LDFLAGS: -fsanitize=memory
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

/* Array indexing, integer arithmetic, a division, a loop and libm: what the instrumentation
   under test touches (bounds and overflow checks, shadow memory, counters). */
static double kernel(const double *x, int n, double p) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    int k = (i * 3 + 1) % n;
    s += x[i] * x[k] / (1.0 + p * p) + sin(x[i] * p);
  }
  return s * p;
}

#define N 5
static double X[N] = {0.3, -0.5, 0.8, 1.1, -0.2}, V[N] = {1.0, 0.2, -0.4, 0.6, 0.3};
static double P = 0.7;
static double along_x(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  return kernel(x, N, P);
}
static double along_p(double p) { return kernel(X, N, p); }

int main(void) {
  double dx[N], zero[N] = {0};
  for (int i = 0; i < N; i++) dx[i] = V[i];
  CHECK("san_msan: directional derivative in x", __enzyme_fwddiff((void *)kernel, X, dx, enzyme_const, N, P, 0.0),
        ck_fd1(along_x, 0.0));
  CHECK("san_msan: d/dp", __enzyme_fwddiff((void *)kernel, X, zero, enzyme_const, N, P, 1.0), ck_fd1(along_p, P));
  return ck_done();
}
