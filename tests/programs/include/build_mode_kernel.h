/* The kernel shared by the build-mode programs (san_*.c, build_*.c): each compiles it under one
   set of flags (a sanitizer, coverage, -march=native, LTO) and checks its tangents. Array
   indexing, integer arithmetic, a division, a loop, libm, memcpy and memset: what the
   instrumentation under test touches (bounds and overflow checks, shadow memory, counters, access
   hooks, the sanitizers' own memcpy and memset). */
#ifndef CATALASE_BUILD_MODE_KERNEL_H
#define CATALASE_BUILD_MODE_KERNEL_H

#include <stdlib.h>
#include <string.h>

#include "catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double kernel(const double *x0, int n, double p) {
  /* n <= 8 is not a constant here, so these stay calls. On the heap: a stack array under ASan on
     the CLI route may live on ASan's fake stack, which Catalase refuses (see san_asan.c). */
  double *x = malloc(8 * sizeof *x);
  memcpy(x, x0, (size_t)n * sizeof *x);
  memset(x + n, 0, (size_t)(8 - n) * sizeof *x);
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    int k = (i * 3 + 1) % n;
    s += x[i] * x[k] / (1.0 + p * p) + sin(x[i] * p) + x[7 - i];
  }
  free(x);
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

/* The tangents in x (along V) and in p against finite differences; the program's exit status. */
static int build_mode_checks(const char *tag) {
  char what[2][96];
  snprintf(what[0], sizeof what[0], "%s: directional derivative in x", tag);
  snprintf(what[1], sizeof what[1], "%s: d/dp", tag);
  double dx[N], zero[N] = {0};
  for (int i = 0; i < N; i++) dx[i] = V[i];
  CHECK(what[0], __enzyme_fwddiff((void *)kernel, X, dx, enzyme_const, N, P, 0.0), ck_fd1(along_x, 0.0));
  CHECK(what[1], __enzyme_fwddiff((void *)kernel, X, zero, enzyme_const, N, P, 1.0), ck_fd1(along_p, P));
  return ck_done();
}

#endif /* CATALASE_BUILD_MODE_KERNEL_H */
