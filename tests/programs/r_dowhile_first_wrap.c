// TEST: reverse mode through do-while loops whose counter wraps on its first increment, so the trip count must be taken from the value after that increment: a size_t from SIZE_MAX to ++u < m (m + 1 runs), a size_t from SIZE_MAX - 1 stepping by 3, a size_t counting down from 0 to --d > SIZE_MAX - m, a size_t to ++u != m, 32-, 16- and 8-bit counters that wrap the same ways; each once with a body that keeps nothing on the tape (the reverse sweep counts its iterations from the trip count) and once with one that keeps a record per iteration; gradients against finite differences
#include <stdint.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define NX 8

/* Linear bodies: the reverse sweep needs nothing from the forward one but the iteration count. */
__attribute__((noinline)) static double linear(const double *x, size_t h, size_t m) {
  double s = 0.0;
  size_t u = h;
  do s += x[u & 7] * (double)(1 + (u & 3)); while (++u < m);
  size_t t = h - 1;
  do s += 0.5 * x[t & 7]; while ((t += 3) < m);
  size_t d = h + 1;
  do s += x[d & 7] * (double)(2 + (d & 1)); while (--d > h - m);
  size_t e = h;
  do s += 0.25 * x[e & 7]; while (++e != m);
  unsigned w = (unsigned)h;
  do s += 0.125 * x[w & 7]; while (++w < (unsigned)m);
  unsigned short c = (unsigned short)h;
  do s += 0.375 * x[c & 7]; while (++c < (unsigned short)m);
  unsigned char b = (unsigned char)(h - 1);
  do s += 0.0625 * x[b & 7]; while ((b += 3) < (unsigned char)(m >> 4));
  return s;
}

/* The same loops with a body that keeps a record per iteration. */
__attribute__((noinline)) static double nonlinear(const double *x, size_t h, size_t m) {
  double s = 1.0;
  size_t u = h;
  do s = s + 1e-4 * sin(s * x[u & 7]); while (++u < m);
  size_t t = h - 1;
  do s = s + 1e-4 * cos(s * x[t & 7]); while ((t += 3) < m);
  size_t d = h + 1;
  do s = s * (1.0 + 1e-5 * x[d & 7] * sin(s)); while (--d > h - m);
  size_t e = h;
  do s = s + 1e-4 * sin(s + x[e & 7]); while (++e != m);
  unsigned w = (unsigned)h;
  do s = s + 1e-4 * x[w & 7] * cos(s); while (++w < (unsigned)m);
  unsigned short c = (unsigned short)h;
  do s = s + 1e-4 * sin(s * x[c & 7]); while (++c < (unsigned short)m);
  unsigned char b = (unsigned char)(h - 1);
  do s = s * (1.0 + 1e-3 * x[b & 7] * s); while ((b += 3) < (unsigned char)(m >> 4));
  return s;
}

static double X[NX];
static volatile size_t Hv = SIZE_MAX, Mv = 2000;
static size_t H, M;
static double F_linear(double *x) { return linear(x, H, M); }
static double F_nonlinear(double *x) { return nonlinear(x, H, M); }

int main(void) {
  for (int i = 0; i < NX; i++) X[i] = 0.5 - 0.13 * i + 0.02 * i * i;
  H = Hv, M = Mv;
  double g[NX] = {0};
  __enzyme_autodiff((void *)linear, enzyme_dup, X, g, enzyme_const, H, enzyme_const, M);
  ck_gradient("linear bodies", g, F_linear, X, NX);
  double d[NX] = {0};
  __enzyme_autodiff((void *)nonlinear, enzyme_dup, X, d, enzyme_const, H, enzyme_const, M);
  ck_gradient("bodies with records", d, F_nonlinear, X, NX);
  return ck_done();
}
