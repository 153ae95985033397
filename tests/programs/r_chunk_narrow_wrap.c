// TEST: reverse mode through do-while loops over 16- and 8-bit counters that wrap, where the room a counted loop makes on the tape when it is entered must cover every run: ++c != k from c = k (65,536 runs where the count says 1), ++c < m from 65535 (the first increment wraps to 0), a short from 32767 wrapping to -32768, --c > m from 0, every byte value (++c != 0 from 0), and do-whiles that do not wrap; gradients against finite differences (run under AddressSanitizer, an undersized room is a write past the tape)
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define NX 8

__attribute__((noinline)) static double wraps(const double *x, int k, int m, int h) {
  double s = 1.0;
  unsigned short c = (unsigned short)k;
  do s = s + 1e-5 * sin(s * x[c & 7]); while (++c != (unsigned short)k);
  unsigned short u = (unsigned short)h;
  do s = s + 1e-5 * cos(s * x[u & 7]); while (++u < (unsigned short)m);
  short v = (short)(h - 32768);
  do s = s * (1.0 + 1e-6 * x[v & 7] * sin(s)); while (++v < (short)(m - 30000));
  unsigned short d = (unsigned short)(h - 65535);
  do s = s + 1e-5 * sin(s + x[d & 7]); while (--d > (unsigned short)m);
  unsigned char b = (unsigned char)(h - 65535);
  do s = s + 1e-3 * x[b & 7] * cos(s); while (++b != (unsigned char)(h - 65535));
  unsigned short e = (unsigned short)m;
  do s = s * (1.0 + 1e-4 * x[e & 7] * s); while (++e != (unsigned short)(m + 300));
  unsigned short f = (unsigned short)k;
  do s = s + 1e-4 * sin(s * x[f & 7]); while (++f < (unsigned short)(k + 200));
  return s;
}

static double X[NX];
static int K, M, H;
static double F(double *x) { return wraps(x, K, M, H); }

int main(void) {
  for (int i = 0; i < NX; i++) X[i] = 0.5 - 0.13 * i + 0.02 * i * i;
  K = 7, M = 40000, H = 65535;
  double g[NX] = {0};
  __enzyme_autodiff((void *)wraps, enzyme_dup, X, g, enzyme_const, K, enzyme_const, M, enzyme_const, H);
  ck_gradient("wraps", g, F, X, NX);
  return ck_done();
}
