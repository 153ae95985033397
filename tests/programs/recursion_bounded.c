// TEST: bounded recursion (recursive power by squaring and a recursive continued fraction)
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double rpow(double x, int n) {
  if (n == 0) return 1.0;
  double h = rpow(x, n / 2);
  return (n % 2) ? h * h * x : h * h;
}

static double cfrac(double x, int depth) {
  if (depth == 0) return x;
  return x + 1.0 / (1.0 + cfrac(x, depth - 1));
}

static double f(double x, int n) { return rpow(x, n) + cfrac(x, n); }

static int gn;
static double fx(double x) { return f(x, gn); }

int main(void) {
  const int ns[] = {0, 1, 5, 12};
  for (int i = 0; i < 4; i++) {
    gn = ns[i];
    double x = 1.1 - 0.05 * i;
    char name[48];
    snprintf(name, sizeof name, "d recursive(n=%d) at %g", gn, x);
    CHECK(name, __enzyme_fwddiff((void *)f, x, 1.0, gn), ck_fd1(fx, x));
  }
  return ck_done();
}
