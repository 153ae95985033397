// TEST: reverse mode through a buffer grown with realloc while it holds active values (doubling capacity, like std::vector::push_back in C), filled by a loop of data-dependent length, then reduced
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

static double grow_and_reduce(const double *x, int n) {
  int cap = 2, len = 0;
  double *buf = malloc(sizeof(double) * cap);
  for (int i = 0; i < n; i++) {
    double v = x[i] * x[i] - 0.5 * x[i];
    if (v < -0.05) continue; /* data-dependent count */
    if (len == cap) {
      cap *= 2;
      buf = realloc(buf, sizeof(double) * cap);
    }
    buf[len++] = v;
  }
  double s = 0.0;
  for (int i = 0; i < len; i++) s += sin(buf[i]) * (i + 1);
  free(buf);
  return s;
}

#define N 11
static double F(double *x) { return grow_and_reduce(x, N); }

int main(void) {
  double x[N], dx[N] = {0};
  for (int i = 0; i < N; i++) x[i] = 0.9 * sin(1.3 * i) + 0.2;
  __enzyme_autodiff((void *)grow_and_reduce, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("realloc-grown buffer", dx, F, x, N);
  return ck_done();
}
