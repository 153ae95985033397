// TEST: long double arguments passed with enzyme_const through __enzyme_autodiff and __enzyme_fwddiff (the x86_fp80 vararg reaches an inactive parameter), forward mode at width 2 through a function with a long double loop accumulator, and a long double table in a constant global read by index; derivatives against finite differences and the dot-product test between the modes
#include "include/catalase_check.h"
#include <math.h>

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
typedef struct {
  double d[2];
} d2;
d2 __enzyme_fwddiff2(void *, ...) __asm__("__enzyme_fwddiff");
extern int enzyme_width;

static const long double TABLE[4] = {1.0L, 0.5L, 0.25L, 0.125L};

/* x active, c a long double constant. */
static double with_c(double x, long double c) {
  long double k = c * c + TABLE[(int)c % 4];
  return x * x * (double)k + (double)c * sin(x);
}
static long double C = 2.25L;
static double with_c_at(double x) { return with_c(x, C); }

/* A long double harmonic accumulator beside the active sine. */
static double harmonic(double x) {
  long double k = 0;
  for (int i = 1; i < 6; i++) k += 1.0L / i;
  return sin(x) * (double)k + x * (double)TABLE[3];
}

int main(void) {
  double x = 0.8;
  double r = __enzyme_autodiff((void *)with_c, x, enzyme_const, C);
  double t = __enzyme_fwddiff((void *)with_c, x, 1.0, enzyme_const, C);
  CHECK("reverse with enzyme_const long double", r, ck_fd1(with_c_at, x));
  CHECK("forward with enzyme_const long double", t, ck_fd1(with_c_at, x));
  CHECK("dot: <1, J 1> = <J^T 1, 1>", r, t);

  d2 w = __enzyme_fwddiff2((void *)harmonic, enzyme_width, 2, x, 1.0, -0.5);
  double fd = ck_fd1(harmonic, x);
  CHECK("forward width 2, lane 0", w.d[0], fd);
  CHECK("forward width 2, lane 1", w.d[1], -0.5 * fd);
  CHECK("reverse harmonic", __enzyme_autodiff((void *)harmonic, x), fd);
  return ck_done();
}
