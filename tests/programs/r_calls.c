// TEST: reverse mode through calls to defined functions (kept out of line with noinline): float arguments and results, arrays passed down, a helper returning a pointer into an active array, several return statements, recursion, a callee that writes through a pointer it was given, calls inside loops
#include <stdlib.h>

#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const, enzyme_out;
double __enzyme_autodiff(void *, ...);
void __enzyme_autodiff_void(void *, ...);

#define N 4
#define NOINLINE __attribute__((noinline))

NOINLINE static double sq(double x) { return x * x; }

NOINLINE static double dot(const double *a, const double *b, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

NOINLINE static void axpy(double a, const double *x, double *y, int n) {
  for (int i = 0; i < n; i++) y[i] += a * x[i];
}

NOINLINE static double *at(double *v, int i) { return v + i; }

NOINLINE static double clipped(double x) {
  if (x > 1.0) return 1.0 + log(x);
  if (x < -1.0) return -1.0 - log(-x);
  return x;
}

NOINLINE static double power_rec(double x, int n) {
  if (n == 0) return 1.0;
  double h = power_rec(x, n / 2);
  return (n % 2) ? h * h * x : h * h;
}

static double objective(double *x, int n) {
  double y[N] = {0.5, -0.25, 1.0, 2.0};
  axpy(sq(x[0]), x, y, n);
  double s = dot(y, x, n);
  *at(x, 1) = clipped(s);
  double t = 0.0;
  for (int i = 0; i < n; i++) t += clipped(x[i] * 1.5) + power_rec(x[i], 5 + i);
  return t + sq(*at(x, 1));
}

static double scalar_chain(double a, double b) { return sq(clipped(a * b)) + power_rec(a, 7) * sin(b); }

static const double X0[N] = {0.4, -0.3, 0.9, -1.2};

static double F_objective(double *x) {
  double c[N];
  memcpy(c, x, sizeof c);
  return objective(c, N);
}

static double B = 0.7;
static double chain_a(double a) { return scalar_chain(a, B); }

int main(void) {
  double x[N], dx[N] = {0};
  memcpy(x, X0, sizeof x);
  __enzyme_autodiff((void *)objective, enzyme_dup, x, dx, enzyme_const, N);
  double xr[N];
  memcpy(xr, X0, sizeof xr);
  ck_gradient("objective through calls", dx, F_objective, xr, N);
  double pts[3] = {0.3, 1.4, -2.0};
  for (int i = 0; i < 3; i++) CHECK("scalar chain: d/da", __enzyme_autodiff((void *)scalar_chain, pts[i], enzyme_const, B), ck_fd1(chain_a, pts[i]));
  return ck_done();
}
