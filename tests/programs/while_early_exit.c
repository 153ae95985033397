// TEST: while loop with a data-dependent early exit (break) and a do-while
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

/* Repeatedly apply y <- y*x + 0.1 until y exceeds a bound or 50 steps. */
static double f(double x) {
  double y = 1.0;
  int it = 0;
  while (it < 50) {
    y = y * x + 0.1;
    if (y > 4.0) break;
    it++;
  }
  double z = y;
  do {
    z = z * 0.5 + x;
  } while (z > 10.0);
  return y + z;
}

int main(void) {
  /* Points chosen away from the exit thresholds, so the iteration count is
     locally constant and the finite difference is smooth. */
  const double xs[] = {1.3, 1.05, 0.5, 2.2};
  for (int i = 0; i < 4; i++) {
    char name[48];
    snprintf(name, sizeof name, "d early-exit loop at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs[i], 1.0), ck_fd1(f, xs[i]));
  }
  return ck_done();
}
