// TEST: `enzyme_inactive_noblock` (GNU and `[[enzyme::inactive_noblock]]` spellings) through the plugin's clang half: the marked functions' values are used, their derivatives are not; forward and reverse mode against finite differences of the function with the marked calls held at x0
// CLANG-PLUGIN: yes
#include <math.h>
#include <stdio.h>

#include "include/catalase_check.h"

extern double __enzyme_fwddiff(void *, ...);
extern double __enzyme_autodiff(void *, ...);

__attribute__((enzyme_inactive_noblock)) static double damping(double x) { return 1.0 + 0.5 * sin(x); }
[[enzyme::inactive_noblock]] double weight(double x);

double f(double x) { return x * x * damping(x) + weight(x) * cos(x); }

static double x0;
static double meant(double x) { return x * x * damping(x0) + weight(x0) * cos(x); }

int main(void) {
  double xs[] = {0.6, -2.1};
  for (int i = 0; i < 2; i++) {
    x0 = xs[i];
    double fd = ck_fd1(meant, x0);
    CHECK("forward", __enzyme_fwddiff((void *)f, x0, 1.0), fd);
    CHECK("reverse", __enzyme_autodiff((void *)f, x0), fd);
  }
  return ck_done();
}

double weight(double x) { return exp(0.3 * x); }
