// TEST: reverse and split mode through C99 complex arrays: a DFT of a real active signal into a malloc'd double complex array (cexp of an imaginary argument, complex += in a double loop) reduced with cabs, csqrt, conj, creal and cimag; a complex polynomial evaluated by Horner's rule over a float complex coefficient array passed with enzyme_dup; and a double complex function of a complex argument differentiated with both parts enzyme_out (the gradient of re + im); gradients against finite differences, the dot-product test against forward mode
#include <complex.h>
#include <stdlib.h>
#include <string.h>

#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
typedef struct { double dre, dim; } G2;
G2 __enzyme_autodiff_g2(void *, ...) __asm__("__enzyme_autodiff");

static double spectrum(const double *x, int n) {
  double complex *X = malloc(n * sizeof *X);
  for (int k = 0; k < n; k++) {
    X[k] = 0;
    for (int j = 0; j < n; j++) X[k] += x[j] * cexp(-2.0 * I * M_PI * j * k / n);
  }
  double s = 0.0;
  for (int k = 0; k < n; k++)
    s += cabs(X[k]) * (k + 1) + creal(csqrt(X[k] + 3.0)) + cimag(X[k] * conj(X[k] + I));
  free(X);
  return s;
}

/* |p(z)|^2 for p with float complex coefficients, z = 0.6 + 0.3i */
static float horner(const float complex *c, int n) {
  float complex z = 0.6f + 0.3f * I, p = 0;
  for (int k = n - 1; k >= 0; k--) p = p * z + c[k];
  return crealf(p * conjf(p));
}
static double horner_d(const double *re_im, int n) {
  double complex z = 0.6 + 0.3 * I, p = 0;
  for (int k = n - 1; k >= 0; k--) p = p * z + (re_im[2 * k] + I * re_im[2 * k + 1]);
  return creal(p * conj(p));
}

static double complex cf(double complex z) { return cexp(z) * z + csqrt(z * z + 1.0) / (z + 2.0); }
static double cf_sum(double a, double b) {
  double complex r = cf(a + I * b);
  return creal(r) + cimag(r);
}
static double A = 0.4, Bi = -0.7;
static double cf_a(double a) { return cf_sum(a, Bi); }
static double cf_b(double b) { return cf_sum(A, b); }

#define N 6
#define NC 4
static double F_spec(double *x) { return spectrum(x, N); }
static double F_horner(double *c) { return horner_d(c, NC); }

int main(void) {
  double one = 1.0;
  double x[N] = {0.83, -0.61, 1.17, 0.37, -1.29, 1.61}, dx[N] = {0}, ds[N] = {0};
  double v[N] = {0.4, 1.0, -0.7, 0.2, 1.3, -0.9};
  __enzyme_autodiff((void *)spectrum, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("DFT spectrum", dx, F_spec, x, N);
  double jv = __enzyme_fwddiff((void *)spectrum, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("DFT spectrum", &one, &jv, 1, dx, v, N);
  ck_aug a = __enzyme_augmentfwd((void *)spectrum, enzyme_dup, x, ds, enzyme_const, N);
  __enzyme_reverse((void *)spectrum, enzyme_dup, x, ds, enzyme_const, N, 1.0, a.tape);
  ck_gradient("DFT spectrum, split", ds, F_spec, x, N);

  float complex c[NC], dc[NC];
  double cd[2 * NC];
  for (int k = 0; k < NC; k++) {
    c[k] = (0.5f - 0.2f * k) + (0.3f * k - 0.4f) * I;
    dc[k] = 0;
    cd[2 * k] = crealf(c[k]);
    cd[2 * k + 1] = cimagf(c[k]);
  }
  float __enzyme_autodiff_f(void *, ...) __asm__("__enzyme_autodiff");
  __enzyme_autodiff_f((void *)horner, enzyme_dup, c, dc, enzyme_const, NC);
  char label[64];
  for (int k = 0; k < NC; k++) {
    snprintf(label, sizeof label, "float complex Horner: d/d re c[%d]", k);
    CHECK_F32(label, crealf(dc[k]), ck_fd_partial(F_horner, cd, 2 * k));
    snprintf(label, sizeof label, "float complex Horner: d/d im c[%d]", k);
    CHECK_F32(label, cimagf(dc[k]), ck_fd_partial(F_horner, cd, 2 * k + 1));
  }

  G2 g = __enzyme_autodiff_g2((void *)cf, A + I * Bi);
  CHECK("complex argument, enzyme_out parts: d/d re", g.dre, ck_fd1(cf_a, A));
  CHECK("complex argument, enzyme_out parts: d/d im", g.dim, ck_fd1(cf_b, Bi));
  return ck_done();
}
