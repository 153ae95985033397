// TEST: reverse mode (__enzyme_autodiff) through C99 double complex and float complex: *, / (inline with the __muldc3/__divdc3 NaN path, and the helpers called directly), cexp, clog, csqrt, cpow, cabs, carg (float complex as <2 x float>); four gradients in a struct against finite differences (float: of a double twin)
#include <complex.h>

#include "include/catalase_check.h"

#define CMPLX_(a, b) __builtin_complex((double)(a), (double)(b))
#define CMPLXF_(a, b) __builtin_complex((float)(a), (float)(b))

typedef struct { double da, db, dc, dd; } G4;
typedef struct { float da, db, dc, dd; } G4f;
G4 __enzyme_autodiff_g4(void *, ...);
G4f __enzyme_autodiff_g4f(void *, ...);
double _Complex __muldc3(double, double, double, double);
double _Complex __divdc3(double, double, double, double);

static double kernel(double a, double b, double c, double d) {
  double complex z = CMPLX_(a, b), w = CMPLX_(c, d);
  double complex p = z * w, q = z / w;
  double complex e = cexp(0.5 * p) + clog(w) * csqrt(z);
  double complex h = __muldc3(a, b, c, d) + __divdc3(c, d, a, b);
  return creal(e) + 2.0 * cimag(e) + creal(q) * cimag(h) + cabs(cpow(z, w)) + carg(q);
}

/* The float kernel and its double twin (the finite-difference reference). */
static float kernel_f(float a, float b, float c, float d) {
  float complex z = CMPLXF_(a, b), w = CMPLXF_(c, d);
  float complex e = cexpf(0.5f * z * w) + clogf(w) * csqrtf(z) + cpowf(z, w) / w;
  return crealf(e) + 2.0f * cimagf(e) + cabsf(z) * cargf(w);
}
static double kernel_fd(double a, double b, double c, double d) {
  double complex z = CMPLX_(a, b), w = CMPLX_(c, d);
  double complex e = cexp(0.5 * z * w) + clog(w) * csqrt(z) + cpow(z, w) / w;
  return creal(e) + 2.0 * cimag(e) + cabs(z) * carg(w);
}

static double A = 0.8, B = 0.6, C = 1.3, D = -0.4;
static double k_a(double a) { return kernel(a, B, C, D); }
static double k_b(double b) { return kernel(A, b, C, D); }
static double k_c(double c) { return kernel(A, B, c, D); }
static double k_d(double d) { return kernel(A, B, C, d); }
static double f_a(double a) { return kernel_fd(a, B, C, D); }
static double f_b(double b) { return kernel_fd(A, b, C, D); }
static double f_c(double c) { return kernel_fd(A, B, c, D); }
static double f_d(double d) { return kernel_fd(A, B, C, d); }

int main(void) {
  G4 g = __enzyme_autodiff_g4((void *)kernel, A, B, C, D);
  CHECK("complex: d/da", g.da, ck_fd1(k_a, A));
  CHECK("complex: d/db", g.db, ck_fd1(k_b, B));
  CHECK("complex: d/dc", g.dc, ck_fd1(k_c, C));
  CHECK("complex: d/dd", g.dd, ck_fd1(k_d, D));
  G4f gf = __enzyme_autodiff_g4f((void *)kernel_f, (float)A, (float)B, (float)C, (float)D);
  CHECK_F32("float complex: d/da", gf.da, ck_fd1(f_a, (float)A));
  CHECK_F32("float complex: d/db", gf.db, ck_fd1(f_b, (float)B));
  CHECK_F32("float complex: d/dc", gf.dc, ck_fd1(f_c, (float)C));
  CHECK_F32("float complex: d/dd", gf.dd, ck_fd1(f_d, (float)D));
  return ck_done();
}
