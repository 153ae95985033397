// TEST: reverse mode through sorting: an insertion sort of a heap copy (comparisons of active values choose the moves), then a weighted sum of the sorted values (the gradient is the weights permuted back), and a median of five by partial selection
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define N 8

static double sorted_weighted(const double *x, int n) {
  double *a = malloc(sizeof(double) * n);
  for (int i = 0; i < n; i++) a[i] = x[i];
  for (int i = 1; i < n; i++) {
    double key = a[i];
    int j = i - 1;
    while (j >= 0 && a[j] > key) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = key;
  }
  double s = 0.0;
  for (int i = 0; i < n; i++) s += (i + 1) * a[i] * a[i];
  free(a);
  return s;
}

static double median5(const double *x) {
  double a[5];
  for (int i = 0; i < 5; i++) a[i] = x[i];
  for (int i = 0; i <= 2; i++) {
    int m = i;
    for (int j = i + 1; j < 5; j++)
      if (a[j] < a[m]) m = j;
    double t = a[i];
    a[i] = a[m];
    a[m] = t;
  }
  return a[2] * exp(0.1 * a[2]);
}

static double F_sort(double *x) { return sorted_weighted(x, N); }
static double F_med(double *x) { return median5(x); }

int main(void) {
  double x[N] = {0.7, -1.3, 2.2, 0.05, -0.4, 1.6, -2.1, 0.9};
  double dx[N] = {0};
  __enzyme_autodiff((void *)sorted_weighted, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("insertion sort, weighted sum", dx, F_sort, x, N);
  double y[5] = {1.4, -0.2, 3.1, 0.8, 0.35}, dy[5] = {0};
  __enzyme_autodiff((void *)median5, enzyme_dup, y, dy);
  ck_gradient("median of five", dy, F_med, y, 5);
  return ck_done();
}
