// TEST: libm powers and roots: sqrt pow (both arguments, negative base with integer exponent) cbrt hypot
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f_sqrt(double x) { return sqrt(x); }
static double f_cbrt(double x) { return cbrt(x); }
static double f_pow(double x, double y) { return pow(x, y); }
static double f_hypot(double x, double y) { return hypot(x, y); }
static double f_pow_int(double x) { return pow(x, 3.0); }

static double G1, G2;
static double f_pow_a(double a) { return f_pow(a, G2); }
static double f_pow_b(double b) { return f_pow(G1, b); }
static double f_hypot_a(double a) { return f_hypot(a, G2); }
static double f_hypot_b(double b) { return f_hypot(G1, b); }

/* A macro so that the marker's function operand is a named function. */
#define check2(label, f, av, bv)                                                \
  do {                                                                          \
    char name_[56];                                                             \
    G1 = (av);                                                                  \
    G2 = (bv);                                                                  \
    snprintf(name_, sizeof name_, "d %s/da at (%g,%g)", label, G1, G2);         \
    CHECK(name_, __enzyme_fwddiff((void *)f, G1, 1.0, G2, 0.0), ck_fd1(f##_a, G1)); \
    snprintf(name_, sizeof name_, "d %s/db at (%g,%g)", label, G1, G2);         \
    CHECK(name_, __enzyme_fwddiff((void *)f, G1, 0.0, G2, 1.0), ck_fd1(f##_b, G2)); \
  } while (0)

int main(void) {
  const double xs[] = {0.3, 1.7, 6.25};
  for (int i = 0; i < 3; i++) {
    char name[48];
    snprintf(name, sizeof name, "d sqrt at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f_sqrt, xs[i], 1.0), ck_fd1(f_sqrt, xs[i]));
    snprintf(name, sizeof name, "d cbrt at %g", -xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f_cbrt, -xs[i], 1.0), ck_fd1(f_cbrt, -xs[i]));
  }
  /* sqrt at 0 has derivative 0 by convention (ABI 7.2): checked exactly. */
  CHECK_PRIMAL("d sqrt at 0 (convention: 0)", __enzyme_fwddiff((void *)f_sqrt, 0.0, 0.0), 0.0);
  CHECK("d pow(x,3) at -1.4", __enzyme_fwddiff((void *)f_pow_int, -1.4, 1.0), ck_fd1(f_pow_int, -1.4));
  check2("pow", f_pow, 1.3, 2.5);
  check2("pow", f_pow, 0.6, -1.5);
  check2("hypot", f_hypot, 3.0, -4.0);
  check2("hypot", f_hypot, -0.2, 0.7);
  return ck_done();
}
