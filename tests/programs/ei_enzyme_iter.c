// TEST: __enzyme_iter(n, step) counts `step` more in each derivative taken of the function holding it (reverse, nested reverse, forward); the user's own call counts n
#include "include/catalase_check.h"
#include <stdint.h>

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
uint64_t __enzyme_iter(uint64_t, uint64_t);

/* The exponential series summed to x^n / n!, the reference. */
static double partial_exp(double x, uint64_t n) {
  double sum = 0.0, term = 1.0;
  for (uint64_t k = 0; k <= n; k++) {
    sum += term;
    term *= x / (double)(k + 1);
  }
  return sum;
}

/* The same series to __enzyme_iter(8, 2) terms: its derivative, summed to two more terms,
   loses one and so stays exact to x^9 / 9!. */
static double series(double x) {
  uint64_t n = __enzyme_iter(8, 2);
  double sum = 0.0, term = 1.0;
  for (uint64_t k = 0; k <= n; k++) {
    sum += term;
    term *= x / (double)(k + 1);
  }
  return sum;
}

static double d_series(double x) { return __enzyme_autodiff((void *)series, x); }
static double dd_series(double x) { return __enzyme_autodiff((void *)d_series, x); }

static double exp_to_10(double x) { return partial_exp(x, 10); }
static double exp_to_11(double x) { return partial_exp(x, 11); }

int main(void) {
  const double xs[3] = {0.4, 1.3, -2.1};
  for (int i = 0; i < 3; i++) {
    double x = xs[i];
    CHECK_PRIMAL("the user's call sums 8 terms", series(x), partial_exp(x, 8));
    /* first order: the derivative of the series to 10 terms */
    double d = d_series(x);
    CHECK("reverse d/dx of the series to n+2", d, ck_fd1(exp_to_10, x));
    CHECK_PRIMAL("reverse d/dx is the series to 9", d, partial_exp(x, 9));
    double f = __enzyme_fwddiff((void *)series, x, 1.0);
    CHECK("forward d/dx of the series to n+2", f, ck_fd1(exp_to_10, x));
    /* second order: the inner derivative, differentiated again, sums to 12 terms */
    double dd = dd_series(x);
    CHECK("nested reverse d2/dx2 of the series to n+4", dd, ck_fd1(exp_to_11, x));
    CHECK_PRIMAL("nested d2/dx2 is the series to 10", dd, partial_exp(x, 10));
  }
  return ck_done();
}
