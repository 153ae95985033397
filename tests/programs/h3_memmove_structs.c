// TEST: reverse mode through memory moves and struct values: overlapping memmove of an active array to the right and then to the left (the adjoint copy must run in the safe direction), structs holding a pointer, an int and doubles returned by value, copied by assignment and by memcpy into an array of structs, 32-byte structs passed by value (byval) to a non-inlined callee, and one non-inlined dot helper called with active/constant, constant/active, active/active and constant/constant arguments in one gradient; gradients against finite differences and the dot-product test against forward mode
#include <stdlib.h>
#include <string.h>

#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static double f_shift(double *x, int n) {
  memmove(x + 1, x, (n - 1) * sizeof(double));  /* right shift */
  x[0] = x[0] * 0.5 + x[n - 1];
  memmove(x, x + 2, (n - 2) * sizeof(double));  /* left shift by 2 */
  double s = 0;
  for (int i = 0; i < n; i++) s += x[i] * x[i] * (i + 1);
  return s;
}
typedef struct { double *p; double s; int k; double w[3]; } mix;
typedef struct { double x, y, z, t; } v4;
__attribute__((noinline)) static v4 mk(const double *a) { v4 r = {a[0] * a[1], sin(a[2]), a[3], a[0]}; return r; }
__attribute__((noinline)) static double nrm(v4 a, v4 b) { return sqrt(a.x * b.x + a.y * b.y + a.z * a.z + a.t * b.t + 1.0); }
__attribute__((noinline)) static mix mkmix(double *x, int k) { mix m; m.p = x + k; m.s = x[k] * 2; m.k = k; for (int i = 0; i < 3; i++) m.w[i] = x[i] * m.s; return m; }
static double f_structs(double *x, int n) {
  mix a = mkmix(x, 1), b;
  b = a;  /* struct copy */
  mix arr[2];
  memcpy(&arr[0], &b, sizeof b);
  arr[1] = mkmix(x, 2);
  double s = 0;
  for (int j = 0; j < 2; j++) s += arr[j].p[0] * arr[j].s + arr[j].w[j] * arr[j].w[2 - j] + arr[j].k;
  v4 u = mk(x), v = mk(x + 2);
  return s + nrm(u, v) * nrm(v, v);
}
__attribute__((noinline)) static double dotk(const double *a, const double *b, int n) { double s = 0; for (int i = 0; i < n; i++) s += a[i] * b[i]; return s; }
static const double C[6] = {0.5, -1, 2, 0.25, 1.5, -0.75};
static double f_dots(double *x, int n) {
  double t[6];
  for (int i = 0; i < n; i++) t[i] = cos(x[i]);
  return dotk(x, C, n) * dotk(C, t, n) + dotk(x, t, n) + dotk(C, C, n) * dotk(t, t, 3);
}
#define N 6
typedef double (*kernel)(double *, int);
static kernel K;
static double F(double *x) { double y[N]; memcpy(y, x, sizeof y); return K(y, N); }
static inline __attribute__((always_inline)) void one(const char *what, kernel f, const double *x0, const double *v) {
  double x[N], dx[N] = {0}, one = 1.0;
  memcpy(x, x0, sizeof x);
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, N);
  K = f;
  double xr[N]; memcpy(xr, x0, sizeof xr);
  ck_gradient(what, dx, F, xr, N);
  double vx[N], vv[N]; memcpy(vx, x0, sizeof vx); memcpy(vv, v, sizeof vv);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, vx, vv, enzyme_const, N);
  ck_dot_test(what, &one, &jv, 1, dx, v, N);
}
int main(void) {
  const double x[N] = {0.83, -0.61, 1.17, 0.37, -1.29, 1.61};
  const double v[N] = {0.4, 1.0, -0.7, 0.2, 1.3, -0.9};
  one("overlapping memmove right then left", f_shift, x, v);
  one("struct copies, by-value structs", f_structs, x, v);
  one("one helper, four activity patterns", f_dots, x, v);
  return ck_done();
}
