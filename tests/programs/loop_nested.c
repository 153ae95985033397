// TEST: nested loops (triangular and rectangular) over an active scalar and array
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

#define N 5
/* sum_{i} sum_{j<=i} a[i]*a[j]*x^(i-j)  +  sum_i sum_k cos(k*x) a[i] */
static double f(const double *a, double x) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    double p = 1.0;
    for (int j = i; j >= 0; j--) {
      s += a[i] * a[j] * p;
      p *= x;
    }
  }
  for (int i = 0; i < N; i++)
    for (int k = 1; k <= 3; k++) s += cos(k * x) * a[i] / k;
  return s;
}

static double A[N] = {0.5, -1.0, 1.5, 0.25, 2.0};
static double V[N] = {1.0, 0.5, -0.25, 2.0, -1.0};
static double X = 0.7, VX = 0.3;
static double along(double t) {
  double a[N];
  for (int i = 0; i < N; i++) a[i] = A[i] + t * V[i];
  return f(a, X + t * VX);
}
static double along_x(double t) { return f(A, X + t); }

int main(void) {
  double da[N];
  for (int i = 0; i < N; i++) da[i] = V[i];
  double d = __enzyme_fwddiff((void *)f, A, da, X, VX);
  CHECK("directional d nested(a,x)", d, ck_fd1(along, 0.0));
  double zero[N] = {0};
  double dx = __enzyme_fwddiff((void *)f, enzyme_dup, A, zero, X, 1.0);
  CHECK("d nested/dx", dx, ck_fd1(along_x, 0.0));
  return ck_done();
}
