// TEST: C99 float complex: *, / (__mulsc3 on the NaN path and called directly, __divsc3: four floats in, <2 x float> out), cexpf, clogf, csqrtf, cpowf, cabsf, cargf (<2 x float> operands); tangents against finite differences of double twins
#include <complex.h>

#include "include/ck_direction4.h"

/* glibc defines CMPLX only for GCC >= 4.7; clang has the builtin. */
#define CMPLXF_(a, b) __builtin_complex((float)(a), (float)(b))
#define CMPLX_(a, b) __builtin_complex((double)(a), (double)(b))

float __enzyme_fwddiff(void *, ...);
float _Complex __mulsc3(float, float, float, float);
float _Complex __divsc3(float, float, float, float);

/* Each kernel has a float version (differentiated) and a double twin (the reference). */
#define KERNEL(name, fexpr, dexpr)                                                   \
  static float name##_re(float a, float b, float c, float d) {                       \
    float complex z = CMPLXF_(a, b), w = CMPLXF_(c, d);                              \
    (void)z, (void)w;                                                                \
    return crealf(fexpr);                                                            \
  }                                                                                  \
  static float name##_im(float a, float b, float c, float d) {                       \
    float complex z = CMPLXF_(a, b), w = CMPLXF_(c, d);                              \
    (void)z, (void)w;                                                                \
    return cimagf(fexpr);                                                            \
  }                                                                                  \
  static double name##_re_d(double a, double b, double c, double d) {                \
    double complex z = CMPLX_(a, b), w = CMPLX_(c, d);                               \
    (void)z, (void)w;                                                                \
    return creal(dexpr);                                                             \
  }                                                                                  \
  static double name##_im_d(double a, double b, double c, double d) {                \
    double complex z = CMPLX_(a, b), w = CMPLX_(c, d);                               \
    (void)z, (void)w;                                                                \
    return cimag(dexpr);                                                             \
  }

KERNEL(mul, z * w, z * w)
KERNEL(mulsc3, __mulsc3(a, b, c, d), z * w)
KERNEL(div, z / w, z / w)
KERNEL(divsc3, __divsc3(a, b, c, d), z / w)
KERNEL(exp, cexpf(z), cexp(z))
KERNEL(log, clogf(z), clog(z))
KERNEL(sqrt, csqrtf(z), csqrt(z))
KERNEL(pow, cpowf(z, w), cpow(z, w))
KERNEL(absarg, cabsf(z) + 0.5f * cargf(w), cabs(z) + 0.5 * carg(w))

#define FWD(f)                                                                                  \
  __enzyme_fwddiff((void *)f, (float)ck_P[0], (float)ck_D[0], (float)ck_P[1], (float)ck_D[1],  \
                   (float)ck_P[2], (float)ck_D[2], (float)ck_P[3], (float)ck_D[3])
#define CHECK_KERNEL(f) ck_direction4(#f, p, FWD(f), f##_d, CK_TOL_F32)

int main(void) {
  for (int p = 0; p < 3; p++) {
    ck_at_point4(p);
    CHECK_KERNEL(mul_re);
    CHECK_KERNEL(mul_im);
    CHECK_KERNEL(mulsc3_re);
    CHECK_KERNEL(mulsc3_im);
    CHECK_KERNEL(div_re);
    CHECK_KERNEL(div_im);
    CHECK_KERNEL(divsc3_re);
    CHECK_KERNEL(divsc3_im);
    CHECK_KERNEL(exp_re);
    CHECK_KERNEL(exp_im);
    CHECK_KERNEL(log_re);
    CHECK_KERNEL(log_im);
    CHECK_KERNEL(sqrt_re);
    CHECK_KERNEL(sqrt_im);
    CHECK_KERNEL(pow_re);
    CHECK_KERNEL(pow_im);
    CHECK_KERNEL(absarg_re);
  }
  return ck_done();
}
