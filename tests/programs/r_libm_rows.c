// TEST: reverse mode (__enzyme_autodiff) through every libm row of the rule table in double and float: trigonometric, hyperbolic, exponential and logarithmic families, sqrt/cbrt, log1p/expm1, erf/erfc, fabs, frexp/ldexp/scalbn (an int written through a pointer), pow/powi/atan2/hypot/fmod/remainder/fmin/fmax/copysign/fma; gradients against finite differences (float: of a double twin)
#define _GNU_SOURCE
#include "include/catalase_check.h"

typedef struct { double dx, dy; } G2;
typedef struct { float dx, dy; } G2f;
double __enzyme_autodiff(void *, ...);
float __enzyme_autodiff_f(void *, ...);
G2 __enzyme_autodiff_g2(void *, ...);
G2f __enzyme_autodiff_g2f(void *, ...);

/* One formula per family, written once for double (D) and float (F, libm's f spellings). */
#define UNARY(T, S)                                                                              \
  static T unary_##T(T x) {                                                                      \
    return sin##S(x) + cos##S(x) + tan##S(x / 3) + asin##S(x / 2) + acos##S(x / 3) + atan##S(x) + \
           sinh##S(x) + cosh##S(x) + tanh##S(x) + exp##S(x) + exp2##S(x) + exp10##S(x / 4) +       \
           log##S(x) + log2##S(x) + log10##S(x) + sqrt##S(x) + cbrt##S(x) + log1p##S(x) +          \
           expm1##S(x) + erf##S(x) + erfc##S(x) + fabs##S(x - 2);                                  \
  }
#define SPLIT(T, S)                                                                              \
  static T split_##T(T x) {                                                                      \
    int e;                                                                                       \
    T m = frexp##S(3 * x, &e);                                                                   \
    return m * m + ldexp##S(x, e) + scalbn##S(x, 2);                                             \
  }
#define BINARY(T, S)                                                                             \
  static T binary_##T(T x, T y) {                                                                \
    return pow##S(x, y) + atan2##S(y, x) + hypot##S(x, y) + fmod##S(5 * x, y) +                  \
           remainder##S(5 * x, y) + fmin##S(x, y) + fmax##S(x, y) + copysign##S(x, y) +          \
           fma##S(x, y, x) + __builtin_powi(x, 3);                                               \
  }
UNARY(double, )
UNARY(float, f)
SPLIT(double, )
SPLIT(float, f)
BINARY(double, )
BINARY(float, f)

static double Y = 1.6;
static double binary_x(double x) { return binary_double(x, Y); }
static double binary_y(double y) { return binary_double(0.7, y); }

int main(void) {
  const double xs[] = {0.7, 1.3};
  for (int i = 0; i < 2; i++) {
    double x = xs[i];
    CHECK("unary: d/dx", __enzyme_autodiff((void *)unary_double, x), ck_fd1(unary_double, x));
    CHECK("frexp/ldexp: d/dx", __enzyme_autodiff((void *)split_double, x), ck_fd1(split_double, x));
    CHECK_F32("unary float: d/dx", __enzyme_autodiff_f((void *)unary_float, (float)x), ck_fd1(unary_double, (float)x));
    CHECK_F32("frexpf/ldexpf: d/dx", __enzyme_autodiff_f((void *)split_float, (float)x), ck_fd1(split_double, (float)x));
  }
  G2 g = __enzyme_autodiff_g2((void *)binary_double, 0.7, Y);
  CHECK("binary: d/dx", g.dx, ck_fd1(binary_x, 0.7));
  CHECK("binary: d/dy", g.dy, ck_fd1(binary_y, Y));
  G2f gf = __enzyme_autodiff_g2f((void *)binary_float, 0.7f, (float)Y);
  CHECK_F32("binary float: d/dx", gf.dx, ck_fd1(binary_x, (double)0.7f));
  CHECK_F32("binary float: d/dy", gf.dy, ck_fd1(binary_y, (double)(float)Y));
  return ck_done();
}
