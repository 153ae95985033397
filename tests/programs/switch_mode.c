// TEST: switch on an inactive int selecting the formula applied to an active double
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double f(double x, int mode) {
  double r = x;
  switch (mode) {
  case 0: r = x * x; break;
  case 1: r = 1.0 / x; break;
  case 2: r = x * x * x; /* fall through */
  case 3: r = r - 2.0 * x; break;
  case 7: r = sqrt(x); break;
  default: r = 5.0 * x;
  }
  return r * x;
}

static int gmode;
static double fx(double x) { return f(x, gmode); }

int main(void) {
  const int modes[] = {0, 1, 2, 3, 7, 9};
  for (int i = 0; i < 6; i++) {
    double x = 1.3 + 0.1 * i;
    gmode = modes[i];
    char name[48];
    snprintf(name, sizeof name, "d switch(mode=%d) at %g", gmode, x);
    CHECK(name, __enzyme_fwddiff((void *)f, x, 1.0, enzyme_const, gmode), ck_fd1(fx, x));
  }
  return ck_done();
}
