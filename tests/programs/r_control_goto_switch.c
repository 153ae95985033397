// TEST: reverse and forward mode through the control flow users write: switch with fall-through and default, goto out of nested loops, early returns from inside loops, assert() and an error exit() path that is never taken, a VLA and alloca() scratch buffer; gradients against finite differences and the dot-product test
#include "include/ck_array.h"
#include <alloca.h>
#include <assert.h>

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static double shaped(double x, int kind) {
  double r = x;
  switch (kind) {
  case 0:
    r = r * r;
    /* fall through */
  case 1:
    r = sin(r) + x;
    break;
  case 2:
    return exp(-x * x);
  case 5:
  case 6:
    r = r / (1.0 + r * r);
    break;
  default:
    r = cbrt(r + 2.0);
  }
  return r * x;
}

static double search(const double *a, int n, double t) {
  assert(n > 0);
  double acc = 0.0;
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      acc += a[i] * a[j] * 0.1;
      if (acc > t) goto done;
    }
  }
  return acc;
done:
  return acc * acc;
}

static double first_above(const double *a, int n, double t) {
  if (n <= 0) {
    fprintf(stderr, "empty input\n");
    exit(2);
  }
  for (int i = 0; i < n; i++) {
    if (a[i] > t) return a[i] * a[i] + (i > 0 ? a[i - 1] : 0.0);
  }
  return a[n - 1];
}

static double scratch(const double *a, int n) {
  double vla[n];
  double *tmp = (double *)alloca(n * sizeof(double));
  for (int i = 0; i < n; i++) {
    vla[i] = a[i] * a[i];
    tmp[i] = sin(a[i]);
  }
  double s = 0.0;
  for (int i = 0; i < n; i++) s += vla[i] * tmp[n - 1 - i];
  return s;
}

#define N 5
static double A[N] = {0.4, -0.3, 0.9, 0.2, 0.7};
static double T;
static int KIND;
static double shaped_x(double x) { return shaped(x, KIND); }
static double search_a(double *a) { return search(a, N, T); }
static double first_a(double *a) { return first_above(a, N, T); }
static double scratch_a(double *a) { return scratch(a, N); }

int main(void) {
  int kinds[6] = {0, 1, 2, 5, 6, 9};
  for (int k = 0; k < 6; k++) {
    KIND = kinds[k];
    CHECK("switch with fall-through: d/dx", __enzyme_autodiff((void *)shaped, 0.6, enzyme_const, KIND), ck_fd1(shaped_x, 0.6));
    CHECK("switch (forward): d/dx", __enzyme_fwddiff((void *)shaped, 0.6, 1.0, enzyme_const, KIND), ck_fd1(shaped_x, 0.6));
  }
  double ts[2] = {0.05, 100.0}; /* goto taken / loops run out */
  for (int k = 0; k < 2; k++) {
    T = ts[k];
    double d[N] = {0};
    __enzyme_autodiff((void *)search, enzyme_dup, A, d, enzyme_const, N, enzyme_const, T);
    ck_gradient("goto out of nested loops", d, search_a, A, N);
  }
  double th[2] = {0.5, 5.0};
  for (int k = 0; k < 2; k++) {
    T = th[k];
    double d[N] = {0};
    __enzyme_autodiff((void *)first_above, enzyme_dup, A, d, enzyme_const, N, enzyme_const, T);
    ck_gradient("early return inside a loop", d, first_a, A, N);
  }
  double d[N] = {0}, v[N] = {0.3, -0.5, 0.1, 0.8, -0.2};
  __enzyme_autodiff((void *)scratch, enzyme_dup, A, d, enzyme_const, N);
  ck_gradient("VLA and alloca scratch", d, scratch_a, A, N);
  double jv = __enzyme_fwddiff((void *)scratch, enzyme_dup, A, v, enzyme_const, N);
  double one = 1.0;
  ck_dot_test("VLA and alloca scratch", &one, &jv, 1, d, v, N);
  return ck_done();
}
