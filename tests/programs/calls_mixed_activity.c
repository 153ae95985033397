// TEST: one helper called twice, once with an active and once with a constant argument
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

__attribute__((noinline)) static double g(double a, double b) { return a * exp(b) + b * b; }

static double f(double x, double c) {
  double u = g(x, 0.5);        /* active first arg, constant second */
  double w = g(c, x * 0.25);   /* constant (c is const at the marker) first arg, active second */
  double z = g(2.0, 1.0);      /* fully constant call */
  return u * w + z;
}

static double gc;
static double fx(double x) { return f(x, gc); }

int main(void) {
  gc = 1.3;
  const double xs[] = {0.4, -1.2};
  for (int i = 0; i < 2; i++) {
    char name[48];
    snprintf(name, sizeof name, "df/dx mixed activity at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs[i], 1.0, enzyme_const, gc), ck_fd1(fx, xs[i]));
  }
  return ck_done();
}
