// TEST: libm erf and erfc, and the normal CDF built from erfc
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f_erf(double x) { return erf(x); }
static double f_erfc(double x) { return erfc(x); }
static double f_ncdf(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

int main(void) {
  const double xs[] = {-1.6, -0.2, 0.5, 2.3};
  for (int i = 0; i < 4; i++) {
    double x = xs[i];
    char name[48];
    snprintf(name, sizeof name, "d erf at %g", x);
    CHECK(name, __enzyme_fwddiff((void *)f_erf, x, 1.0), ck_fd1(f_erf, x));
    snprintf(name, sizeof name, "d erfc at %g", x);
    CHECK(name, __enzyme_fwddiff((void *)f_erfc, x, 1.0), ck_fd1(f_erfc, x));
    snprintf(name, sizeof name, "d normal cdf at %g", x);
    CHECK(name, __enzyme_fwddiff((void *)f_ncdf, x, 1.0), ck_fd1(f_ncdf, x));
  }
  return ck_done();
}
