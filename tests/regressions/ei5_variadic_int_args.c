// TEST: (unnecessary refusal, open) variadic helpers next to active code whose variadic arguments carry nothing active: a helper that picks weights by integer indices passed through ... (va_arg of ints only: nothing active flows through the variadic part), a logger taking active doubles through ... that forwards its va_list to vsnprintf (its result is unused), and a variadic helper whose fixed parameter is the active one; reverse against finite differences and forward mode (dot-product test); active doubles read with va_arg are refused (tests/errors/r_variadic_callee.c)
// KNOWN-BUG: cannot differentiate a call of the variadic function `scaled` with arguments after its 2 fixed parameters
// KNOWN-BUG: cannot differentiate a call of the variadic function `logmsg` with arguments after its 1 fixed parameters
#include <stdarg.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static const double WT[6] = {0.5, -1.25, 2.0, 0.75, -0.3, 1.1};
__attribute__((noinline)) static double pickw(int n, ...) {
  va_list ap;
  va_start(ap, n);
  double s = 0.0;
  for (int i = 0; i < n; i++) s += WT[va_arg(ap, int) % 6];
  va_end(ap);
  return s;
}
static char logbuf[256];
static int nlog;
__attribute__((noinline)) static void logmsg(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(logbuf, sizeof logbuf, fmt, ap);
  va_end(ap);
  nlog++;
}
__attribute__((noinline)) static double scaled(double x, int n, ...) {
  va_list ap;
  va_start(ap, n);
  double s = x;
  for (int i = 0; i < n; i++) s *= 1.0 + 0.1 * va_arg(ap, int);
  va_end(ap);
  return s * x;
}
__attribute__((noinline)) double fv(const double *x, int n) {
  double acc = 0.0;
  for (int i = 0; i < n; i++) {
    double t = sin(x[i]) * pickw(3, i, i + 1, 2 * i);
    logmsg("step %d: %g", i, (double)i);
    acc += t * t + scaled(x[i], 2, i, 3);
  }
  return acc;
}
#define N 5
static double o_v(double *x) { return fv(x, N); }

int main(void) {
  double x[N] = {0.7, -0.3, 1.2, 0.45, -0.9}, v[N] = {0.5, 1.0, -0.75, 0.2, 0.3}, one = 1.0;
  double d[N] = {0};
  __enzyme_autodiff((void *)fv, enzyme_dup, x, d, enzyme_const, N);
  ck_gradient("variadic helpers", d, o_v, x, N);
  double jv = __enzyme_fwddiff((void *)fv, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("variadic helpers fwd", &one, &jv, 1, d, v, N);
  return ck_done();
}
