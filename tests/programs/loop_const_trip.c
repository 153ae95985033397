// TEST: loop with a constant trip count (Horner polynomial and a product recurrence)
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static const double coef[9] = {1.0, -0.5, 0.25, 2.0, -1.5, 0.125, 0.75, -0.2, 0.05};

static double f(double x) {
  double p = 0.0;
  for (int i = 8; i >= 0; i--) p = p * x + coef[i];
  double q = 1.0;
  for (int i = 0; i < 6; i++) q *= (1.0 + 0.1 * x * i);
  return p + q;
}

int main(void) {
  const double xs[] = {0.4, -1.1, 1.6};
  for (int i = 0; i < 3; i++) {
    char name[48];
    snprintf(name, sizeof name, "d horner+product at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs[i], 1.0), ck_fd1(f, xs[i]));
  }
  return ck_done();
}
