// TEST: recursion through pointers (divide-and-conquer sum, recursive in-place scan), mutual recursion, and a 5-deep noinline call chain
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...);

/* Divide and conquer: sum of x[i]^2 weighted by depth. */
static double rsum(const double *x, int n, double w) {
  if (n == 1) return w * x[0] * x[0];
  int h = n / 2;
  return rsum(x, h, w * 0.9) + rsum(x + h, n - h, w * 1.1) + 0.01 * x[0] * x[n - 1];
}
/* Recursive in-place scan: x[n-1] depends on the already-updated x[n-2]. */
static void rscan(double *x, int n) {
  if (n <= 1) return;
  rscan(x, n - 1);
  x[n - 1] = x[n - 1] * cos(x[n - 2]) + 0.5 * x[n - 2];
}
/* Mutual recursion. */
static double od(double x, int n);
static double ev(double x, int n) {
  if (n == 0) return x;
  return od(0.9 * x + 0.2 * sin(x), n - 1);
}
static double od(double x, int n) {
  if (n == 0) return x * x;
  return ev(sqrt(x * x + 1.0) - 0.5, n - 1);
}
/* Five levels of non-inlined calls passing pointers down and values up. */
__attribute__((noinline)) static double l5(const double *p, double a) { return p[0] * a + exp(p[1] * 0.3); }
__attribute__((noinline)) static double l4(const double *p, double a) { return l5(p + 1, a * p[0]) + p[0]; }
__attribute__((noinline)) static double l3(const double *p, double a) { return l4(p, a) * l4(p + 1, a); }
__attribute__((noinline)) static void l2(const double *p, double *out, double a) {
  out[0] = l3(p, a);
  out[1] = l3(p + 1, -a) + out[0] * 0.1;
}
__attribute__((noinline)) static void l1(const double *p, double *out, double a) {
  l2(p, out, a);
  out[0] = log(out[0] * out[0] + 1.0);
}

#define N 11
static double X[N], V[N];
static int WHICH, OUT;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  if (WHICH == 0) return rsum(x, N, 1.0);
  if (WHICH == 1) {
    rscan(x, N);
    return x[OUT];
  }
  if (WHICH == 2) return ev(0.7 + t, 9);
  double out[2];
  l1(x, out, 0.8 + 0.5 * t);
  return out[OUT];
}

int main(void) {
  for (int i = 0; i < N; i++) {
    X[i] = 0.4 + 0.07 * i - 0.01 * i * i;
    V[i] = sin(2.0 * i + 0.3);
  }
  double dx[N], x[N];
  for (int i = 0; i < N; i++) {
    dx[i] = V[i];
    x[i] = X[i];
  }
  char name[48];
  WHICH = 0;
  CHECK("rsum: d", __enzyme_fwddiff_d((void *)rsum, X, dx, enzyme_const, N, enzyme_const, 1.0),
        ck_fd1(along, 0.0));
  WHICH = 1;
  __enzyme_fwddiff((void *)rscan, x, dx, enzyme_const, N);
  for (OUT = 1; OUT < N; OUT += 3) {
    snprintf(name, sizeof name, "rscan: d x[%d]", OUT);
    CHECK(name, dx[OUT], ck_fd1(along, 0.0));
  }
  WHICH = 2;
  CHECK("ev/od mutual recursion: d", __enzyme_fwddiff_d((void *)ev, 0.7, 1.0, enzyme_const, 9),
        ck_fd1(along, 0.0));
  WHICH = 3;
  double out[2], dout[2];
  for (int i = 0; i < N; i++) dx[i] = V[i];
  __enzyme_fwddiff((void *)l1, X, dx, out, dout, 0.8, 0.5);
  for (OUT = 0; OUT < 2; OUT++) {
    snprintf(name, sizeof name, "call chain: d out[%d]", OUT);
    CHECK(name, dout[OUT], ck_fd1(along, 0.0));
  }
  return ck_done();
}
