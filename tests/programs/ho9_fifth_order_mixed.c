// TEST: fourth and fifth derivatives of a function with a loop (a recurrence in x, libm inside) by stacking nestings: reverse, then forward, forward, forward (fwd/fwd/fwd/rev), reverse on top of forward/forward/reverse, and reverse over that again (rev/rev/fwd/fwd/rev); each order against finite differences of the order below
#include "include/catalase_check.h"
double __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);
__attribute__((noinline)) static double f(double x) {
  double s = 0, t = x;
  for (int i = 1; i < 6; i++) { s += sin(t) / i; t = t * x * 0.5 + 0.1; }
  return s * exp(0.2 * x);
}
static double d1(double x) { return __enzyme_autodiff((void *)f, x); }
static double d2(double x) { return __enzyme_fwddiff((void *)d1, x, 1.0); }
static double d3(double x) { return __enzyme_fwddiff((void *)d2, x, 1.0); }
static double d4(double x) { return __enzyme_fwddiff((void *)d3, x, 1.0); }
static double d4r(double x) { return __enzyme_autodiff((void *)d3, x); }
static double d5rr(double x) { return __enzyme_autodiff((void *)d4r, x); }
int main(void) {
  double x = 0.7;
  CHECK("d1", d1(x), ck_fd1(f, x));
  CHECK("d2", d2(x), ck_fd1(d1, x));
  CHECK("d3", d3(x), ck_fd1(d2, x));
  CHECK("d4 fwd/fwd/fwd/rev", d4(x), ck_fd1(d3, x));
  CHECK("d4 rev/fwd/fwd/rev", d4r(x), ck_fd1(d3, x));
  CHECK("d5 rev/rev/fwd/fwd/rev", d5rr(x), ck_fd1(d4, x));
  return ck_done();
}
