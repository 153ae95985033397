// TEST: Enzyme's source attributes through the plugin's clang half (`-fplugin=`, as Enzyme's users load ClangEnzyme): `enzyme_inactive` on a function, on a declared-only function and on a global (GNU and C23 spellings), `enzyme_function_like("log1p")` on a function whose body is not log1p, and the accepted hints `enzyme_nofree`/`enzyme_sparse_accumulate`; small static functions that -O2 would inline; forward and reverse mode against finite differences of the function with the inactive values held fixed and the mapped function replaced by log1p
// CLANG-PLUGIN: yes
#include <math.h>
#include <stdio.h>

#include "include/catalase_check.h"

extern double __enzyme_fwddiff(void *, ...);
extern double __enzyme_autodiff(void *, ...);

/* Its value is used, its derivative must not be. */
__attribute__((enzyme_inactive)) static double step_size(double x) { return 0.5 * x * x + 1.0; }

/* Declared here, defined below: the attribute is on the declaration. */
__attribute__((enzyme_inactive)) double counter_weight(double x);

[[enzyme::inactive]] double g_scale = 3.0;
__attribute__((enzyme_inactive)) double g_table[2] = {0.25, 4.0};

/* Treated as log1p: Catalase differentiates log1p, not this body (which is off by 2x). */
__attribute__((enzyme_function_like("log1p"))) static double my_log1p(double x) {
  return 2.0 * log(1.0 + x);
}

__attribute__((enzyme_nofree)) __attribute__((enzyme_sparse_accumulate)) static double sq(double x) {
  return x * x;
}

double f(double x) {
  return step_size(x) * x + counter_weight(x) * sin(x) + g_scale * g_table[1] * x + g_table[0] * my_log1p(x) + sq(x);
}

/* The same function as the user means it: inactive values fixed at x0, my_log1p as log1p. */
static double x0;
static double meant(double x) {
  return step_size(x0) * x + counter_weight(x0) * sin(x) + g_scale * g_table[1] * x + g_table[0] * log1p(x) + sq(x);
}

int main(void) {
  double xs[] = {0.3, 1.7};
  for (int i = 0; i < 2; i++) {
    x0 = xs[i];
    double fd = ck_fd1(meant, x0);
    CHECK("forward", __enzyme_fwddiff((void *)f, x0, 1.0), fd);
    CHECK("reverse", __enzyme_autodiff((void *)f, x0), fd);
  }
  CHECK_PRIMAL("primal unchanged", f(0.3), step_size(0.3) * 0.3 + counter_weight(0.3) * sin(0.3) + 12.0 * 0.3 + 0.25 * 2.0 * log(1.3) + 0.09);
  return ck_done();
}

double counter_weight(double x) { return cos(x) + 2.0; }
