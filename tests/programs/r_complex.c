// TEST: reverse mode (__enzyme_autodiff) through C99 double complex: *, / (inline with the __muldc3/__divdc3 NaN path, and the helpers called directly), cexp, clog, csqrt, cpow, cabs, carg; four gradients in a struct against finite differences
#include <complex.h>

#include "include/catalase_check.h"

#define CMPLX_(a, b) __builtin_complex((double)(a), (double)(b))

typedef struct { double da, db, dc, dd; } G4;
G4 __enzyme_autodiff_g4(void *, ...);
double _Complex __muldc3(double, double, double, double);
double _Complex __divdc3(double, double, double, double);

static double kernel(double a, double b, double c, double d) {
  double complex z = CMPLX_(a, b), w = CMPLX_(c, d);
  double complex p = z * w, q = z / w;
  double complex e = cexp(0.5 * p) + clog(w) * csqrt(z);
  double complex h = __muldc3(a, b, c, d) + __divdc3(c, d, a, b);
  return creal(e) + 2.0 * cimag(e) + creal(q) * cimag(h) + cabs(cpow(z, w)) + carg(q);
}

static double A = 0.8, B = 0.6, C = 1.3, D = -0.4;
static double k_a(double a) { return kernel(a, B, C, D); }
static double k_b(double b) { return kernel(A, b, C, D); }
static double k_c(double c) { return kernel(A, B, c, D); }
static double k_d(double d) { return kernel(A, B, C, d); }

int main(void) {
  G4 g = __enzyme_autodiff_g4((void *)kernel, A, B, C, D);
  CHECK("complex: d/da", g.da, ck_fd1(k_a, A));
  CHECK("complex: d/db", g.db, ck_fd1(k_b, B));
  CHECK("complex: d/dc", g.dc, ck_fd1(k_c, C));
  CHECK("complex: d/dd", g.dd, ck_fd1(k_d, D));
  return ck_done();
}
