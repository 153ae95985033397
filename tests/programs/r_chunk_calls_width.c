// TEST: reverse mode through counted loops that call while they push (so their records take checked room: a helper through a function pointer, a recursive helper, a static helper) next to loops that keep one capacity check per entry (a 16-bit do-while that wraps, 20,000 records), combined and batched (enzyme_width 2, lanes seeded 1 and 2); gradients against finite differences
#include "include/ck_array.h"

extern int enzyme_width;
void __enzyme_autodiff(void *, ...);

#define NX 8

__attribute__((noinline)) static double up(double s, double v) { return s + 1e-4 * sin(s * v); }
__attribute__((noinline)) static double down(double s, double v) { return s * (1.0 - 1e-4 * cos(s + v)); }
__attribute__((noinline)) static double rec(double s, double v, int d) { return d == 0 ? s : rec(s + 1e-5 * v * sin(s), v, d - 1); }

static double (*const table[2])(double, double) = {up, down};

__attribute__((noinline)) static void mixed(const double *x, double *out, int n, int k) {
  double s = 1.0;
  for (int i = 0; i < n; i++) s = table[i & 1](s, x[i & 7]) + 1e-5 * x[(i + 1) & 7] * sin(s);
  for (int i = 0; i < n / 100; i++) s = rec(s, x[i & 7], i % 5) * (1.0 + 1e-5 * cos(s));
  for (long i = 0; i < n; i++) s = up(s, x[i & 7]) + 1e-5 * sin(s * x[(i + 3) & 7]);
  unsigned short c = (unsigned short)k;
  do s = s + 1e-6 * sin(s * x[c & 7]); while (++c != (unsigned short)k);
  *out = s;
}

static double X[NX];
static int N = 20000, K = 5;
static double F(double *x) {
  double o;
  mixed(x, &o, N, K);
  return o;
}

int main(void) {
  for (int i = 0; i < NX; i++) X[i] = 0.5 - 0.13 * i + 0.02 * i * i;
  double g[NX] = {0}, o, d = 1.0;
  __enzyme_autodiff((void *)mixed, enzyme_dup, X, g, enzyme_dup, &o, &d, enzyme_const, N, enzyme_const, K);
  ck_gradient("combined", g, F, X, NX);
  double g0[NX] = {0}, g1[NX] = {0}, o2, d0 = 1.0, d1 = 2.0;
  __enzyme_autodiff((void *)mixed, enzyme_width, 2, enzyme_dup, X, g0, g1, enzyme_dup, &o2, &d0, &d1, enzyme_const, N, enzyme_const, K);
  for (int i = 0; i < NX; i++) g1[i] /= 2.0;
  ck_gradient("width 2, lane 0", g0, F, X, NX);
  ck_gradient("width 2, lane 1 / 2", g1, F, X, NX);
  return ck_done();
}
