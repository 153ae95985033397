// TEST: pointer arithmetic: walking pointers (p++, end pointers, negative offsets, strided access)
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

#define N 8
static double f(const double *begin, const double *end) {
  double s = 0.0;
  const double *p = begin;
  while (p != end) {
    s += *p * *(p + 0) * 0.5;
    p++;
  }
  for (const double *q = end - 1; q >= begin + 1; q -= 2) s += q[0] * q[-1];
  const double *mid = begin + (end - begin) / 2;
  return s * mid[0];
}

static double X[N] = {0.2, 1.4, -0.9, 0.6, 1.1, -0.3, 0.8, 2.0};
static double V[N] = {1, -1, 0.5, 0.25, -0.5, 2, 0.1, -0.2};
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  return f(x, x + N);
}

int main(void) {
  double dx[N];
  for (int i = 0; i < N; i++) dx[i] = V[i];
  /* Both arguments point into the same array: the shadow pair must match. */
  double d = __enzyme_fwddiff((void *)f, enzyme_dup, X, dx, enzyme_dup, X + N, dx + N);
  CHECK("directional derivative via walking pointers", d, ck_fd1(along, 0.0));
  return ck_done();
}
