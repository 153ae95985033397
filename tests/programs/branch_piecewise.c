// TEST: if/else branches choosing different formulas (phi of active values)
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f(double x) {
  double r;
  if (x < -1.0) {
    r = x * x * x;
  } else if (x < 0.5) {
    r = sin(x) * 2.0 + x;
  } else {
    r = exp(-x) * x;
    if (r > 0.3) r = r * r;
  }
  return r + 1.0;
}

int main(void) {
  const double xs[] = {-2.3, -0.4, 0.2, 0.9, 3.0};
  for (int i = 0; i < 5; i++) {
    char name[48];
    snprintf(name, sizeof name, "d piecewise at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs[i], 1.0), ck_fd1(f, xs[i]));
  }
  return ck_done();
}
