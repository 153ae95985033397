// TEST: C99 csin, ccos, ctan, csinh, ccosh, ctanh, casin, cacos, catan, casinh, cacosh, catanh and cproj, in double complex ({double, double} result) and float complex (<2 x float>): forward tangents at width 1 and width 2, reverse gradients, of the real and imaginary parts, against finite differences (float: of the double twin) and reverse against forward
#include <complex.h>

#include "include/catalase_check.h"

#define CMPLX_(a, b) __builtin_complex((double)(a), (double)(b))
#define CMPLXF_(a, b) __builtin_complex((float)(a), (float)(b))

typedef struct { double l0, l1; } W2;
typedef struct { float l0, l1; } W2f;
double __enzyme_fwddiff(void *, ...);
float __enzyme_fwddiff_f(void *, ...);
W2 __enzyme_fwddiff_w2(void *, ...);
W2f __enzyme_fwddiff_w2f(void *, ...);
W2 __enzyme_autodiff_g2(void *, ...);
W2f __enzyme_autodiff_g2f(void *, ...);

#define FUNCS(X) X(sin) X(cos) X(tan) X(sinh) X(cosh) X(tanh) X(asin) X(acos) X(atan) X(asinh) X(acosh) X(atanh) X(proj)

/* For each function: the real and imaginary part of f(a + bi), in double and in float. */
#define KERNELS(fn)                                                                      \
  static double re_##fn(double a, double b) { return creal(c##fn(CMPLX_(a, b))); }       \
  static double im_##fn(double a, double b) { return cimag(c##fn(CMPLX_(a, b))); }       \
  static float re_##fn##_f(float a, float b) { return crealf(c##fn##f(CMPLXF_(a, b))); } \
  static float im_##fn##_f(float a, float b) { return cimagf(c##fn##f(CMPLXF_(a, b))); }
FUNCS(KERNELS)

/* Points exactly representable in float, off every branch cut (the real axis beyond ±1 and
   below 1, the imaginary axis beyond ±i), and a direction for each. */
static const double points[4][2] = {{1.25, 0.375}, {-0.75, 1.875}, {0.375, -1.125}, {-1.5, -0.5}};
static const double dirs[4][2] = {{1.0, 0.0}, {0.25, -0.75}, {0.0, 1.0}, {0.5, 0.5}};

static double (*cur)(double, double);
static double P0, P1, V0, V1;
static double along(double t) { return cur(P0 + t * V0, P1 + t * V1); }
/* The central difference of k at the current point along (v0, v1). */
static double fd(double (*k)(double, double), double v0, double v1) {
  cur = k, V0 = v0, V1 = v1;
  return ck_fd1(along, 0.0);
}

static char name[96];
#define NAME(...) (snprintf(name, sizeof name, __VA_ARGS__), name)

#define CHECK_PART(k, what)                                                                      \
  do {                                                                                           \
    double va = dirs[p][0], vb = dirs[p][1];                                                     \
    double t = __enzyme_fwddiff((void *)k, P0, va, P1, vb);                                      \
    CHECK(NAME("%s fwd at %d", what, p), t, fd(k, va, vb));                                      \
    W2 w = __enzyme_fwddiff_w2((void *)k, enzyme_width, 2, P0, 1.0, 0.0, P1, 0.0, 1.0);          \
    CHECK(NAME("%s fwd w2 lane 0 at %d", what, p), w.l0, fd(k, 1.0, 0.0));                       \
    CHECK(NAME("%s fwd w2 lane 1 at %d", what, p), w.l1, fd(k, 0.0, 1.0));                       \
    W2 g = __enzyme_autodiff_g2((void *)k, P0, P1);                                              \
    CHECK(NAME("%s rev d/da at %d", what, p), g.l0, fd(k, 1.0, 0.0));                            \
    CHECK(NAME("%s rev d/db at %d", what, p), g.l1, fd(k, 0.0, 1.0));                            \
    CHECK(NAME("%s rev . v = fwd at %d", what, p), g.l0 * va + g.l1 * vb, t);                    \
    float a = (float)P0, b = (float)P1;                                                          \
    float tf = __enzyme_fwddiff_f((void *)k##_f, a, (float)va, b, (float)vb);                    \
    CHECK_F32(NAME("%s float fwd at %d", what, p), tf, fd(k, va, vb));                           \
    W2f wf = __enzyme_fwddiff_w2f((void *)k##_f, enzyme_width, 2, a, 1.0f, 0.0f, b, 0.0f, 1.0f); \
    CHECK_F32(NAME("%s float fwd w2 lane 0 at %d", what, p), wf.l0, fd(k, 1.0, 0.0));            \
    CHECK_F32(NAME("%s float fwd w2 lane 1 at %d", what, p), wf.l1, fd(k, 0.0, 1.0));            \
    W2f gf = __enzyme_autodiff_g2f((void *)k##_f, a, b);                                         \
    CHECK_F32(NAME("%s float rev d/da at %d", what, p), gf.l0, fd(k, 1.0, 0.0));                 \
    CHECK_F32(NAME("%s float rev d/db at %d", what, p), gf.l1, fd(k, 0.0, 1.0));                 \
  } while (0)

#define CHECK_FN(fn)                   \
  CHECK_PART(re_##fn, "re c" #fn);     \
  CHECK_PART(im_##fn, "im c" #fn);

int main(void) {
  for (int p = 0; p < 4; p++) {
    P0 = points[p][0], P1 = points[p][1];
    FUNCS(CHECK_FN)
  }
  return ck_done();
}
