// TEST: C99 variably modified parameters and stack arrays: a matrix passed as double a[n][m] (the row stride a run-time value), a 2D VLA declared inside the differentiated function and filled from the input, a helper taking const double b[static 3] and a VLA of pointers to rows, alloca'd scratch per loop iteration, and a 3D VLA indexed [i][j][k]; reverse against finite differences and the dot-product test with forward mode
#include <alloca.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

__attribute__((noinline)) static double frob(int n, int m, double a[n][m]) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++) s += a[i][j] * a[i][(j + 1) % m] * (i + 1);
  return s;
}
__attribute__((noinline)) static double tri(const double b[static 3]) { return b[0] * b[1] + sin(b[2]); }

__attribute__((noinline)) double vlas(int n, int m, const double *x) {
  double a[n][m];
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++) a[i][j] = x[(i * m + j) % (n * m)] + 0.1 * x[(i + j) % (n * m)] * x[j];
  double s = frob(n, m, a);
  double *rows[n];
  for (int i = 0; i < n; i++) rows[i] = a[i];
  for (int i = 0; i < n; i++) {
    double *t = alloca(3 * sizeof(double));
    t[0] = rows[i][0];
    t[1] = rows[(i + 1) % n][1];
    t[2] = rows[i][m - 1] * 0.5;
    s += tri(t);
  }
  double c[2][n][m];
  for (int k = 0; k < 2; k++)
    for (int i = 0; i < n; i++)
      for (int j = 0; j < m; j++) c[k][i][j] = k ? exp(-a[i][j] * a[i][j]) : a[i][j] * a[i][0];
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++) s += c[1][i][j] * c[0][(i + 1) % n][j];
  return s;
}
#define NR 3
#define MC 4
static double o_v(double *x) { return vlas(NR, MC, x); }

int main(void) {
  double x[NR * MC], d[NR * MC] = {0}, v[NR * MC], one = 1.0;
  for (int i = 0; i < NR * MC; i++) {
    x[i] = 0.6 * sin(1.3 * i + 0.2);
    v[i] = cos(0.8 * i);
  }
  __enzyme_autodiff((void *)vlas, enzyme_const, NR, enzyme_const, MC, enzyme_dup, x, d);
  ck_gradient("VLA parameters", d, o_v, x, NR * MC);
  double jv = __enzyme_fwddiff((void *)vlas, enzyme_const, NR, enzyme_const, MC, enzyme_dup, x, v);
  ck_dot_test("VLA parameters fwd", &one, &jv, 1, d, v, NR * MC);
  return ck_done();
}
