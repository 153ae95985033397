// TEST: (unnecessary refusal at -O0/-O1, open) doubles serialized byte by byte into an unsigned char buffer with a loop and read back byte by byte, in reverse mode: at -O2 the byte loops become whole-double copies and the gradient is right; without optimization each byte is an i8 load and store of part of an active double, which reverse mode refuses (forward mode carries it: ei5_bytes_punning.c)
// KNOWN-BUG: is moved through the integer type i8; reverse mode does not carry adjoints through integer loads and stores yet
#include "../programs/include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

__attribute__((noinline)) double bytes_roundtrip(const double *x, int n) {
  unsigned char buf[8 * 8];
  for (int i = 0; i < n; i++) {
    const unsigned char *src = (const unsigned char *)&x[i];
    for (int b = 0; b < 8; b++) buf[8 * i + b] = src[b];
  }
  double s = 0.0;
  for (int i = n - 1; i >= 0; i--) {
    double v;
    unsigned char *dst = (unsigned char *)&v;
    for (int b = 0; b < 8; b++) dst[b] = buf[8 * i + b];
    s = s * 0.5 + v * v * (i + 1);
  }
  return s;
}
#define N 5
static double o_bytes(double *x) { return bytes_roundtrip(x, N); }

int main(void) {
  double x[N] = {0.4, -1.1, 0.75, 1.3, -0.2}, v[N] = {1, -0.5, 0.3, 0.8, -0.9}, one = 1.0;
  double d[N] = {0};
  __enzyme_autodiff((void *)bytes_roundtrip, enzyme_dup, x, d, enzyme_const, N);
  ck_gradient("bytewise copy", d, o_bytes, x, N);
  double j = __enzyme_fwddiff((void *)bytes_roundtrip, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("bytewise copy fwd", &one, &j, 1, d, v, N);
  return ck_done();
}
