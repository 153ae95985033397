// TEST: under -fno-builtin, creal, cimag and conj (and crealf, cimagf, conjf on <2 x float>) are library calls: forward (width 1 and 2) and reverse derivatives of kernels through them, with csin and cexp, against finite differences (float: of the double twin), reverse against forward
// CFLAGS: -fno-builtin
#include <complex.h>

#include "include/catalase_check.h"

#define CMPLX_(a, b) __builtin_complex((double)(a), (double)(b))
#define CMPLXF_(a, b) __builtin_complex((float)(a), (float)(b))

typedef struct { double l0, l1; } W2;
typedef struct { float l0, l1; } W2f;
double __enzyme_fwddiff(void *, ...);
float __enzyme_fwddiff_f(void *, ...);
W2 __enzyme_fwddiff_w2(void *, ...);
W2 __enzyme_autodiff_g2(void *, ...);
W2f __enzyme_autodiff_g2f(void *, ...);

static double k(double a, double b) {
  double complex z = CMPLX_(a, b);
  double complex w = csin(conj(z)) * cexp(z);
  return creal(w) + 0.5 * cimag(w) * creal(z) + cimag(conj(w));
}
static float k_f(float a, float b) {
  float complex z = CMPLXF_(a, b);
  float complex w = csinf(conjf(z)) * cexpf(z);
  return crealf(w) + 0.5f * cimagf(w) * crealf(z) + cimagf(conjf(w));
}

static double P0, P1, V0, V1;
static double along(double t) { return k(P0 + t * V0, P1 + t * V1); }
static double fd(double v0, double v1) {
  V0 = v0, V1 = v1;
  return ck_fd1(along, 0.0);
}

static const double points[3][2] = {{1.25, 0.375}, {-0.75, 1.875}, {0.375, -1.125}};
static const double dirs[3][2] = {{1.0, 0.0}, {0.25, -0.75}, {0.5, 0.5}};

int main(void) {
  char name[64];
  for (int p = 0; p < 3; p++) {
    P0 = points[p][0], P1 = points[p][1];
    double va = dirs[p][0], vb = dirs[p][1];
    double t = __enzyme_fwddiff((void *)k, P0, va, P1, vb);
    snprintf(name, sizeof name, "fwd at %d", p);
    CHECK(name, t, fd(va, vb));
    W2 w = __enzyme_fwddiff_w2((void *)k, enzyme_width, 2, P0, 1.0, 0.0, P1, 0.0, 1.0);
    snprintf(name, sizeof name, "fwd w2 at %d", p);
    CHECK(name, w.l0, fd(1.0, 0.0));
    CHECK(name, w.l1, fd(0.0, 1.0));
    W2 g = __enzyme_autodiff_g2((void *)k, P0, P1);
    snprintf(name, sizeof name, "rev at %d", p);
    CHECK(name, g.l0, fd(1.0, 0.0));
    CHECK(name, g.l1, fd(0.0, 1.0));
    snprintf(name, sizeof name, "rev . v = fwd at %d", p);
    CHECK(name, g.l0 * va + g.l1 * vb, t);
    float tf = __enzyme_fwddiff_f((void *)k_f, (float)P0, (float)va, (float)P1, (float)vb);
    snprintf(name, sizeof name, "float fwd at %d", p);
    CHECK_F32(name, tf, fd(va, vb));
    W2f gf = __enzyme_autodiff_g2f((void *)k_f, (float)P0, (float)P1);
    snprintf(name, sizeof name, "float rev at %d", p);
    CHECK_F32(name, gf.l0, fd(1.0, 0.0));
    CHECK_F32(name, gf.l1, fd(0.0, 1.0));
  }
  return ck_done();
}
