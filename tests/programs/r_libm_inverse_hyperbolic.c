// TEST: reverse and forward mode through the inverse hyperbolic functions asinh, acosh, atanh and their float forms (libm calls at every -O level), in a loop over an array, near atanh's pole and for large arguments
#include <math.h>

#include "include/ck_array.h"

extern double __enzyme_autodiff(void *, ...);
extern double __enzyme_fwddiff(void *, ...);

static double f(double *z) {
  double s = 0;
  for (int i = 0; i < 3; i++) s += asinh(z[i] * (double)(i + 1)) * z[i + 1];
  s += acosh(1.0 + z[3] * z[3]) + atanh(z[4]) * 2.0 + asinh(1e6 * z[0]);
  s += (double)asinhf((float)z[1]) * 0.0;
  return s;
}

static double g(double x) { return (double)(acoshf((float)x) + atanhf((float)(x - 1.5f)) + asinhf((float)x)); }

static double gd(double x) { return acosh(x) + atanh(x - 1.5) + asinh(x); }

int main() {
  double z[5] = {0.5, -1.5, 2.0, 0.7, 0.9}, dz[5] = {0};
  __enzyme_autodiff((void *)f, enzyme_dup, z, dz);
  ck_gradient("inverse hyperbolic: d/dz", dz, f, z, 5);
  double v[5] = {0.3, -1.0, 0.5, 2.0, -0.25};
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, z, v);
  double one = 1.0;
  ck_dot_test("inverse hyperbolic: forward against reverse", &one, &jv, 1, dz, v, 5);
  double x = 1.75;
  CHECK_F32("float forms: d/dx", __enzyme_autodiff((void *)g, x), ck_fd1(gd, x));
  return ck_done();
}
