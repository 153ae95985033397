// TEST: reverse mode through C99 complex arithmetic on double _Complex values built from real arguments (multiplication and division through __muldc3/__divdc3, cexp, clog, cabs, csqrt): gradients of a real result in each real input
#include <complex.h>

#include "include/ck_array.h"

typedef struct { double d[4]; } G4;
G4 __enzyme_autodiff_g4(void *, ...);

static double cfun(double ar, double ai, double br, double bi) {
  double complex a = ar + ai * I, b = br + bi * I;
  double complex z = a * b / (1.0 + a * a) + cexp(b * 0.5) - csqrt(a + 2.0);
  return cabs(z) + creal(clog(b)) * cimag(z);
}

static double F(double *p) { return cfun(p[0], p[1], p[2], p[3]); }

int main(void) {
  double p[4] = {0.7, -0.4, 1.1, 0.6};
  G4 g = __enzyme_autodiff_g4((void *)cfun, p[0], p[1], p[2], p[3]);
  ck_gradient("complex arithmetic", g.d, F, p, 4);
  return ck_done();
}
