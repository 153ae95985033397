// TEST: fneg and subtraction chains (-x, -(x*y), 0-x) with mixed signs
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f(double x) {
  double a = -x;
  double b = -(a * x);      /* x^2 */
  double c = 0.0 - b * a;   /* x^3 */
  return -(c - a) + -b;     /* -x^3 - x - x^2 */
}

int main(void) {
  const double xs[] = {0.3, -1.7, 2.4};
  for (int i = 0; i < 3; i++) {
    char name[48];
    snprintf(name, sizeof name, "d(fneg chain) at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs[i], 1.0), ck_fd1(f, xs[i]));
  }
  return ck_done();
}
