// TEST: reverse and forward mode (widths 1 and 2) through modf, frexp/ldexp round trips, fmod, remainder, fdim, copysign with an active sign source, trunc/round/lround/floor inside active expressions, nextafter, double<->int64 casts, enzyme_out on three scalars returned as a struct
#include <stdint.h>
#include "include/ck_array.h"

typedef struct { double a, b, c; } grad3;
grad3 __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
typedef struct { double d[2]; } two;
two __enzyme_fwddiff2(void *, ...) __asm__("__enzyme_fwddiff");

static double kern(double a, double b, double c) {
  double ip;
  double fr = modf(a * 3.1, &ip);               /* d/da 3.1 */
  int e;
  double m = frexp(b * b + 1.0, &e);            /* m = (b^2+1) 2^-e */
  double back = ldexp(m, e - 1);                /* (b^2+1)/2 */
  double r1 = fmod(c * 5.0, 1.3);
  double r2 = remainder(a + b, 0.7);
  double d = fdim(a * 2.0, b);                  /* a*2 - b when positive */
  double s = copysign(c, b - 0.1);              /* sign fixed by b, magnitude c */
  double t = trunc(a * 4.0) * a + round(b) * b + (double)lround(c * 3.0) * c + floor(a) * c;
  double nx = nextafter(a, 10.0);
  float f = (float)0.5f * (float)(e > 0);
  int64_t q = (int64_t)(c * 13.7);
  return fr * ip + back * 0.5 + r1 * r2 + d * s + t + nx * c + (double)f * 0.25 + (double)q * 1e-3 * a;
}

static double P[3];
static double F(double *x) { return kern(x[0], x[1], x[2]); }

int main() {
  double pts[3][3] = {{0.77, -1.35, 0.42}, {1.9, 0.61, -0.83}, {-0.27, 2.2, 1.37}};
  for (int k = 0; k < 3; k++) {
    double *x = pts[k];
    grad3 g = __enzyme_autodiff((void *)kern, enzyme_out, x[0], enzyme_out, x[1], enzyme_out, x[2]);
    double gr[3] = {g.a, g.b, g.c};
    ck_gradient("libm remainders (reverse)", gr, F, x, 3);
    double t0 = __enzyme_fwddiff((void *)kern, x[0], 1.0, x[1], 0.0, x[2], 0.0);
    CHECK("libm remainders (forward da)", t0, gr[0]);
    two t = __enzyme_fwddiff2((void *)kern, enzyme_width, 2, x[0], 0.0, 0.0, x[1], 1.0, 0.0, x[2], 0.0, 1.0);
    CHECK("libm remainders (forward w2 db)", t.d[0], gr[1]);
    CHECK("libm remainders (forward w2 dc)", t.d[1], gr[2]);
  }
  (void)P;
  return ck_done();
}
