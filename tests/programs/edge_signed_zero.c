// TEST: edge conventions: second derivatives of fabs(-x*x) and fabs(-x*sin x) at 0 through nested __enzyme_fwddiff (fabs's tangent follows the sign bit, so -0.0 gives -1 and f'' = 2, as Enzyme); sqrt(x*x), hypot and pow at 0
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

/* -x*x is -0.0 at x = 0: the inner tangent is copysign(1, -0.0)*(-2x) = 2x, whose derivative
   is 2 (with a +1 at -0.0 it would be -2). */
static double f(double x) { return fabs(-x * x); }
static double df(double x) { return __enzyme_fwddiff((void *)f, x, 1.0); }

/* The same through a product LLVM cannot fold into x*x. */
static double g(double x) { return fabs(-x * sin(x)); }
static double dg(double x) { return __enzyme_fwddiff((void *)g, x, 1.0); }

/* ABI: sqrt's derivative at 0 is 0; the central difference of |x| at 0 is 0 too. */
static double r(double x) { return sqrt(x * x); }
static double h(double x) { return hypot(x, 2.0 * x); }
static double p(double x) { return pow(x, 3.0); }
static double q(double y) { return pow(0.0 * y, y); }

int main(void) {
  const double xs[] = {0.0, -0.0, 0.7, -1.1};
  for (int i = 0; i < 4; i++) {
    char name[64];
    double x = xs[i];
    snprintf(name, sizeof name, "fabs(-x*x)' at %g", x);
    CHECK(name, df(x), ck_fd1(f, x));
    snprintf(name, sizeof name, "fabs(-x*x)'' at %g", x);
    CHECK(name, __enzyme_fwddiff((void *)df, x, 1.0), ck_fd1(df, x));
    snprintf(name, sizeof name, "fabs(-x*sin x)'' at %g", x);
    CHECK(name, __enzyme_fwddiff((void *)dg, x, 1.0), ck_fd1(dg, x));
  }
  /* The exact value at 0, not only a difference quotient. */
  CHECK("fabs(-x*x)'' at 0 is 2", __enzyme_fwddiff((void *)df, 0.0, 1.0), 2.0);
  CHECK("fabs(-x*sin x)'' at 0 is 2", __enzyme_fwddiff((void *)dg, 0.0, 1.0), 2.0);
  CHECK("sqrt(x*x)' at 0", __enzyme_fwddiff((void *)r, 0.0, 1.0), ck_fd1(r, 0.0));
  CHECK("hypot(x, 2x)' at 0", __enzyme_fwddiff((void *)h, 0.0, 1.0), ck_fd1(h, 0.0));
  CHECK("pow(x, 3)' at 0", __enzyme_fwddiff((void *)p, 0.0, 1.0), ck_fd1(p, 0.0));
  CHECK("pow(0, y)' at y = 2", __enzyme_fwddiff((void *)q, 2.0, 1.0), ck_fd1(q, 2.0));
  return ck_done();
}
