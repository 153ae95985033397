// TEST: loop whose trip count is an inactive runtime int (including zero iterations)
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

/* sum_{k=1..n} x^k / k */
static double f(double x, int n) {
  double s = 0.0, p = 1.0;
  for (int k = 1; k <= n; k++) {
    p *= x;
    s += p / k;
  }
  return s + x * 0.5;
}

static int gn;
static double fx(double x) { return f(x, gn); }

int main(int argc, char **argv) {
  (void)argv;
  /* argc makes the counts opaque to the optimizer. */
  const int ns[] = {argc - 1, argc + 2, argc + 11, argc + 40};
  const double xs[] = {0.9, -0.8, 0.6, 0.97};
  for (int i = 0; i < 4; i++) {
    gn = ns[i];
    char name[48];
    snprintf(name, sizeof name, "d series(n=%d) at %g", gn, xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs[i], 1.0, gn), ck_fd1(fx, xs[i]));
  }
  return ck_done();
}
