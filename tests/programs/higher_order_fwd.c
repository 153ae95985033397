// TEST: higher order: forward over forward (second derivatives) through nested __enzyme_fwddiff
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f(double x) { return sin(x) * x * x + exp(0.5 * x); }

/* First derivative by forward mode; differentiating it again gives f''. */
static double df(double x) { return __enzyme_fwddiff((void *)f, x, 1.0); }

/* Mixed partial of g(x, y) = x^2 * y^3 + sin(x * y): d/dy (dg/dx). */
static double g(double x, double y) { return x * x * y * y * y + sin(x * y); }
static double gx(double x, double y) { return __enzyme_fwddiff((void *)g, x, 1.0, y, 0.0); }

static double gx_of_y(double y) { return gx(0.8, y); }

int main(void) {
  const double xs[] = {0.7, -1.1, 1.9};
  for (int i = 0; i < 3; i++) {
    char name[48];
    snprintf(name, sizeof name, "f'' at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)df, xs[i], 1.0), ck_fd1(df, xs[i]));
  }
  CHECK("d/dy dg/dx at (0.8, 1.3)", __enzyme_fwddiff((void *)gx, 0.8, 0.0, 1.3, 1.0), ck_fd1(gx_of_y, 1.3));
  return ck_done();
}
