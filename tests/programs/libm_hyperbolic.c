// TEST: libm hyperbolic functions sinh cosh tanh (and a composed logistic via tanh)
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f_sinh(double x) { return sinh(x); }
static double f_cosh(double x) { return cosh(x); }
static double f_tanh(double x) { return tanh(x); }
static double f_logistic(double x) { return 0.5 * (1.0 + tanh(0.5 * x)) * cosh(x / 3.0); }

/* The marker's function operand is always a named function (no pointer table). */
#define check1(label, f, xv)                                              \
  do {                                                                    \
    char name_[48];                                                       \
    double x_ = (xv);                                                     \
    snprintf(name_, sizeof name_, "d %s at %g", label, x_);               \
    CHECK(name_, __enzyme_fwddiff((void *)f, x_, 1.0), ck_fd1(f, x_));    \
  } while (0)

int main(void) {
  const double xs[] = {-2.2, -0.3, 0.8, 3.1};
  for (int i = 0; i < 4; i++) {
    check1("sinh", f_sinh, xs[i]);
    check1("cosh", f_cosh, xs[i]);
    check1("tanh", f_tanh, xs[i]);
    check1("logistic*cosh", f_logistic, xs[i]);
  }
  return ck_done();
}
