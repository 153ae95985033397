// TEST: reverse mode of reverse mode of reverse mode: a cosine summed as a Taylor series in a loop (powers by a helper, factorials by a recursive helper, the term count from __enzyme_iter so each derivative sums two more terms), differentiated three times by nesting __enzyme_autodiff; each order against finite differences of the order below and against the closed form (-sin, -cos, sin)
// Passes at -O2 and -O3. At -O1 the third order is wrong by a factor of about 5/6 at every x (first and second orders right; seen on main before the type-analysis depth change too). At -O0 type analysis of the third order grew to its fact limit after 20 s; it now stops in seconds at the reverse of the tape's realloc copy (see rev_nested_fourth_order_taylor.c).
// KNOWN-BUG: MISMATCH
// KNOWN-BUG: cannot tell what bytes
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
  }
  return ck_done();
}
