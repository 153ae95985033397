// TEST: higher order, three levels: the third derivative through three nested __enzyme_fwddiff calls
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double u(double x) { return x * x * x * x * sin(x); }
static double u1(double x) { return __enzyme_fwddiff((void *)u, x, 1.0); }
static double u2(double x) { return __enzyme_fwddiff((void *)u1, x, 1.0); }

static double u3_exact(double x) {
  double s = sin(x), c = cos(x);
  return 24 * x * s + 36 * x * x * c - 12 * x * x * x * s - x * x * x * x * c;
}

int main(void) {
  const double xs[] = {0.7, -1.3};
  for (int i = 0; i < 2; i++) {
    char name[48];
    snprintf(name, sizeof name, "u''' at %g (vs closed form)", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)u2, xs[i], 1.0), u3_exact(xs[i]));
    snprintf(name, sizeof name, "u''' at %g (vs fd of u'')", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)u2, xs[i], 1.0), ck_fd1(u2, xs[i]));
  }
  return ck_done();
}
