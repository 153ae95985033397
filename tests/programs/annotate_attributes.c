// TEST: Enzyme's attributes spelled as clang's own `annotate` (what users write when Enzyme is loaded as a pass plugin only): `annotate("enzyme_inactive")` on a function, a declared-only function and a global, `annotate("enzyme_inactivefn")`, `annotate("enzyme_function_like=log1p")`; read from @llvm.global.annotations on both routes without the clang half; noinline so that the CLI route (which differentiates optimized IR) still sees the calls; forward and reverse mode against finite differences with the inactive values held fixed and the mapped function replaced by log1p
#include <math.h>
#include <stdio.h>

#include "include/catalase_check.h"

extern double __enzyme_fwddiff(void *, ...);
extern double __enzyme_autodiff(void *, ...);

#define INACTIVE __attribute__((annotate("enzyme_inactive")))

INACTIVE __attribute__((noinline)) double penalty(double x) { return x * x * x; }
INACTIVE double external_rate(double x);
__attribute__((annotate("enzyme_inactivefn"))) __attribute__((noinline)) double jitter(double x) { return sin(3.0 * x); }
INACTIVE double g_mass = 1.25;
__attribute__((annotate("enzyme_function_like=log1p"), noinline)) double approx_log1p(double x) {
  return x - 0.5 * x * x; /* a truncated series: the mapping makes it exact log1p */
}

double f(double x) {
  return penalty(x) * x + external_rate(x) * cos(x) + jitter(x) * x * x + g_mass * x + approx_log1p(x);
}

static double x0;
static double meant(double x) {
  return penalty(x0) * x + external_rate(x0) * cos(x) + jitter(x0) * x * x + g_mass * x + log1p(x);
}

int main(void) {
  double xs[] = {0.2, 0.8};
  for (int i = 0; i < 2; i++) {
    x0 = xs[i];
    double fd = ck_fd1(meant, x0);
    CHECK("forward", __enzyme_fwddiff((void *)f, x0, 1.0), fd);
    CHECK("reverse", __enzyme_autodiff((void *)f, x0), fd);
  }
  return ck_done();
}

__attribute__((noinline)) double external_rate(double x) { return exp(0.5 * x); }
