// TEST: reverse mode through a bubble sort that stops early when a pass makes no swap (a while loop whose trip count depends on the data) followed by the sum of the k largest, and a selection of the maximum with its index used afterwards
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define N 9

static double topk(const double *x, int n, int k) {
  double a[16];
  for (int i = 0; i < n; i++) a[i] = x[i] * x[i] + 0.1 * x[i];
  int swapped = 1, pass = 0;
  while (swapped) {
    swapped = 0;
    for (int i = 0; i + 1 < n - pass; i++)
      if (a[i] < a[i + 1]) {
        double t = a[i];
        a[i] = a[i + 1];
        a[i + 1] = t;
        swapped = 1;
      }
    pass++;
  }
  double s = 0.0;
  for (int i = 0; i < k; i++) s += a[i] / (i + 1);
  return s;
}

static double argmax_use(const double *x, int n) {
  int best = 0;
  for (int i = 1; i < n; i++)
    if (sin(x[i]) > sin(x[best])) best = i;
  return x[best] * x[(best + 1) % n] + cos(x[best]);
}

static double F_top(double *x) { return topk(x, N, 4); }
static double F_arg(double *x) { return argmax_use(x, N); }

int main(void) {
  double x[N] = {0.3, -1.4, 0.9, 2.1, -0.6, 1.2, 0.05, -2.3, 1.7}, dx[N] = {0};
  __enzyme_autodiff((void *)topk, enzyme_dup, x, dx, enzyme_const, N, enzyme_const, 4);
  ck_gradient("bubble sort with early exit, top 4", dx, F_top, x, N);
  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)argmax_use, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("argmax then use", dx, F_arg, x, N);
  return ck_done();
}
