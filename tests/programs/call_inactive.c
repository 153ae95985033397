// TEST: __enzyme_call_inactive(fn, args...) (ABI §1): the call runs fn(args...) and no derivative flows through its result, in forward and reverse mode and in code that is not differentiated; checked against finite differences of the function with that call's value held fixed
#include <math.h>
#include <stdio.h>

#include "include/catalase_check.h"

extern double __enzyme_fwddiff(void *, ...);
extern double __enzyme_autodiff(void *, ...);
extern double __enzyme_call_inactive(void *, ...);

static int calls = 0;
__attribute__((noinline)) double scale_of(double x, double k) {
  calls++;
  return sin(k * x) + 2.0;
}

/* d/dx of x^2 * s with s = scale_of(x, 3) held fixed: 2 x s. */
double weighted(double x) {
  double s = __enzyme_call_inactive((void *)scale_of, x, 3.0);
  return x * x * s;
}

static double held;
static double weighted_held(double x) { return x * x * held; }

int main(void) {
  double x = 0.7;
  held = scale_of(x, 3.0);
  double fd = ck_fd1(weighted_held, x);
  CHECK("forward: inactive call's value held fixed", __enzyme_fwddiff((void *)weighted, x, 1.0), fd);
  CHECK("reverse: inactive call's value held fixed", __enzyme_autodiff((void *)weighted, x), fd);
  int before = calls;
  CHECK_PRIMAL("undifferentiated code runs the call", weighted(x), x * x * held);
  CHECK_PRIMAL("the call ran once", calls - before, 1);
  return ck_done();
}
