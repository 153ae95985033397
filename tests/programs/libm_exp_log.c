// TEST: libm exponentials and logarithms: exp exp2 log log2 log10 log1p expm1
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f_exp(double x) { return exp(x); }
static double f_exp2(double x) { return exp2(x); }
static double f_log(double x) { return log(x); }
static double f_log2(double x) { return log2(x); }
static double f_log10(double x) { return log10(x); }
static double f_log1p(double x) { return log1p(x); }
static double f_expm1(double x) { return expm1(x); }
static double f_mix(double x) { return log(1.0 + exp(x)) * exp2(-x) + log10(x * x + 1.0); }

/* A macro, not a helper taking a function pointer: the marker's function
   operand must be a known function at every -O level. */
#define check1(label, f, xv)                                              \
  do {                                                                    \
    char name_[48];                                                       \
    double x_ = (xv);                                                     \
    snprintf(name_, sizeof name_, "d %s at %g", label, x_);               \
    CHECK(name_, __enzyme_fwddiff((void *)f, x_, 1.0), ck_fd1(f, x_));    \
  } while (0)

int main(void) {
  const double xs[] = {-1.3, 0.2, 2.7};
  for (int i = 0; i < 3; i++) {
    double x = xs[i];
    check1("exp", f_exp, x);
    check1("exp2", f_exp2, x);
    check1("expm1", f_expm1, x * 0.5);
    check1("log1p", f_log1p, x * 0.5);
    check1("log", f_log, fabs(x));
    check1("log2", f_log2, fabs(x));
    check1("log10", f_log10, fabs(x));
    check1("softplus mix", f_mix, x);
  }
  return ck_done();
}
