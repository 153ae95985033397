// TEST: reverse and forward mode through a recursive radix-2 FFT on C99 _Complex double arrays: __restrict-qualified even/odd scratch split on the heap, twiddles from cexp, __builtin_expect on the base case, creal/cimag/cabs of the spectrum, and a windowed power-spectrum objective; gradient with respect to the real signal against finite differences, dot-product test against forward mode
#include <complex.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NS 16

static void fft(double _Complex *__restrict out, const double _Complex *__restrict in, int n) {
  if (__builtin_expect(n == 1, 0)) {
    out[0] = in[0];
    return;
  }
  int h = n / 2;
  double _Complex *__restrict ev = malloc(sizeof(double _Complex) * h);
  double _Complex *__restrict od = malloc(sizeof(double _Complex) * h);
  double _Complex *__restrict E = malloc(sizeof(double _Complex) * h);
  double _Complex *__restrict O = malloc(sizeof(double _Complex) * h);
  for (int i = 0; i < h; i++) {
    ev[i] = in[2 * i];
    od[i] = in[2 * i + 1];
  }
  fft(E, ev, h);
  fft(O, od, h);
  for (int k = 0; k < h; k++) {
    double _Complex w = cexp(-2.0 * M_PI * I * k / n) * O[k];
    out[k] = E[k] + w;
    out[k + h] = E[k] - w;
  }
  free(ev); free(od); free(E); free(O);
}

static double spectrum(const double *__restrict x) {
  double _Complex in[NS], out[NS];
  for (int i = 0; i < NS; i++) {
    double win = 0.5 - 0.5 * cos(2.0 * M_PI * i / (NS - 1));
    in[i] = x[i] * win + 0.1 * I * x[(i + 3) % NS];
  }
  fft(out, in, NS);
  double s = 0.0;
  for (int k = 0; k < NS; k++) {
    double p = creal(out[k]) * creal(out[k]) + cimag(out[k]) * cimag(out[k]);
    s += (1.0 + 0.1 * k) * p;
    if (k % 4 == 1) s += 0.3 * cabs(out[k]);
  }
  return s;
}

static double F(double *x) { return spectrum(x); }

int main(void) {
  double x[NS], dx[NS] = {0}, v[NS];
  for (int i = 0; i < NS; i++) {
    x[i] = sin(0.9 * i) + 0.3 * cos(2.3 * i + 0.4);
    v[i] = 0.1 * ((i * 7) % 5) - 0.2;
  }
  __enzyme_autodiff((void *)spectrum, enzyme_dup, x, dx);
  ck_gradient("fft spectrum: d/dx", dx, F, x, NS);
  double jv = __enzyme_fwddiff((void *)spectrum, enzyme_dup, x, v);
  CHECK("fft spectrum: dot test", ck_dot(dx, v, NS), jv);
  return ck_done();
}
