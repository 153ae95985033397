// TEST: reverse mode accumulates into shadows (d_x += ...): two __enzyme_autodiff calls into the same shadow give the sum of both gradients, a shadow that starts non-zero keeps its value plus the gradient, and the same array passed twice (aliased primal and shadow) collects both contributions
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define N 5

static double energy(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += x[i] * x[i] * x[i] / 3.0 + sin(x[i]);
  return s;
}
static double pair(const double *a, const double *b, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a[i] * exp(b[i]);
  return s;
}

int main(void) {
  double x[N] = {0.3, -0.8, 1.1, 0.45, -1.3}, dx[N] = {0};
  __enzyme_autodiff((void *)energy, enzyme_dup, x, dx, enzyme_const, N);
  __enzyme_autodiff((void *)energy, enzyme_dup, x, dx, enzyme_const, N);
  for (int i = 0; i < N; i++) CHECK("two calls accumulate: 2 (x^2 + cos x)", dx[i], 2.0 * (x[i] * x[i] + cos(x[i])));
  double start[N] = {1.0, -2.0, 0.5, 0.25, 3.0};
  memcpy(dx, start, sizeof dx);
  __enzyme_autodiff((void *)energy, enzyme_dup, x, dx, enzyme_const, N);
  for (int i = 0; i < N; i++) CHECK("non-zero shadow: start + gradient", dx[i], start[i] + x[i] * x[i] + cos(x[i]));
  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)pair, enzyme_dup, x, dx, enzyme_dup, x, dx, enzyme_const, N);
  for (int i = 0; i < N; i++) CHECK("aliased arguments: d/dx of x exp(x)", dx[i], exp(x[i]) * (1.0 + x[i]));
  return ck_done();
}
