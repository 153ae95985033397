// TEST: a fourth-order nested reverse derivative (the shape of Enzyme's mycos.c): a cosine summed as a Taylor series in a loop (powers by a helper, factorials by a recursive helper, the term count from __enzyme_iter so each derivative sums two more terms), differentiated four times by nesting __enzyme_autodiff; the fourth order against finite differences of the third and against cos. Type analysis of the fourth order used to grow to its fact limit (an internal error after half a minute); then it stopped at the copy the reverse of the tape's own realloc made (the third-order tape holds records of every kind), then at the tape's `reserve` reallocating a data pointer that may stand in for its shadow. Both work now: realloc's shadows move untyped, and a realloc of a block standing in for its shadow at run time makes a new one standing in.
#include "../programs/include/catalase_check.h"
#include <stdint.h>

double __enzyme_autodiff(void *, ...);
uint64_t __enzyme_iter(uint64_t, uint64_t);

__attribute__((noinline)) static uint64_t fact(uint64_t k) { return k == 0 ? 1 : k * fact(k - 1); }

static double power(double x, uint64_t k) {
  double p = 1.0;
  for (uint64_t j = 0; j < k; j++) p *= x;
  return p;
}

/* cos x to the x^(2m) term, m from __enzyme_iter(14, 2): two more terms per derivative taken. */
static double taylor_cos(double x) {
  uint64_t m = __enzyme_iter(14, 2);
  double s = 0.0;
  for (uint64_t k = 0; k <= m; k++) {
    if (k % 2 == 1) continue;
    s += power(x, k) / (double)fact(k) * (k % 4 == 0 ? 1.0 : -1.0);
  }
  return s;
}

static double d1(double x) { return __enzyme_autodiff((void *)taylor_cos, x); }
static double d2(double x) { return __enzyme_autodiff((void *)d1, x); }
static double d3(double x) { return __enzyme_autodiff((void *)d2, x); }
static double d4(double x) { return __enzyme_autodiff((void *)d3, x); }

int main(void) {
  const double xs[3] = {0.3, 1.1, -0.8};
  for (int i = 0; i < 3; i++) {
    double x = xs[i];
    CHECK_PRIMAL("the series is cos", taylor_cos(x), cos(x));
    CHECK("first order", d1(x), ck_fd1(taylor_cos, x));
    CHECK_PRIMAL("first order is -sin", d1(x), -sin(x));
    CHECK("second order", d2(x), ck_fd1(d1, x));
    CHECK_PRIMAL("second order is -cos", d2(x), -cos(x));
    CHECK("third order", d3(x), ck_fd1(d2, x));
    CHECK_PRIMAL("third order is sin", d3(x), sin(x));
    CHECK("fourth order", d4(x), ck_fd1(d3, x));
    CHECK_PRIMAL("fourth order is cos", d4(x), cos(x));
  }
  return ck_done();
}
