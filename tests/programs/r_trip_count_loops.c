// TEST: reverse mode through loops whose iteration counts the reverse sweep computes from their trip counts instead of keeping them: a triangular product qx[r] += L[li++] * x[c] (inner count d-c-1: vectorized with a remainder loop at -O2, both counts functions of the outer index), an inner loop from i to 2i+5 by 3, and a count-down loop; gradients against finite differences at two sizes (one below the vector width), and a dot-product test with forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define DMAX 13
#define NL (DMAX * (DMAX + 1) / 2)

__attribute__((noinline)) static double tri(const double *x, const double *L, int d) {
  double qx[DMAX];
  for (int r = 0; r < d; r++) qx[r] = L[r] * x[r];
  int li = d;
  for (int c = 0; c < d; c++)
    for (int r = c + 1; r < d; r++) qx[r] += L[li++] * x[c];
  double s = 0.0;
  for (int r = 0; r < d; r++) s += qx[r] * qx[r];
  for (int i = 0; i < d; i++)
    for (int j = i; j < 2 * i + 5; j += 3) s += 0.1 * sin(x[i] * L[j % d]);
  for (int k = d - 1; k >= 0; k -= 2) s += x[k] * s * 0.01;
  return s;
}

static double X[DMAX], LL[NL];
static int D;
static double F_x(double *x) { return tri(x, LL, D); }
static double F_L(double *l) { return tri(X, l, D); }

static void check_at(int d) {
  char what[64];
  D = d;
  double gx[DMAX] = {0}, gL[NL] = {0}, vx[DMAX], vL[NL];
  __enzyme_autodiff((void *)tri, enzyme_dup, X, gx, enzyme_dup, LL, gL, enzyme_const, d);
  snprintf(what, sizeof what, "triangular d=%d: x", d);
  ck_gradient(what, gx, F_x, X, d);
  snprintf(what, sizeof what, "triangular d=%d: L", d);
  ck_gradient(what, gL, F_L, LL, d * (d + 1) / 2);
  for (int i = 0; i < DMAX; i++) vx[i] = 0.3 - 0.05 * i;
  for (int i = 0; i < NL; i++) vL[i] = 0.02 * (i % 7) - 0.04;
  double jv = __enzyme_fwddiff((void *)tri, enzyme_dup, X, vx, enzyme_dup, LL, vL, enzyme_const, d);
  double rest = ck_dot(gL, vL, d * (d + 1) / 2);
  snprintf(what, sizeof what, "triangular d=%d: <g, v> over x and L", d);
  CHECK(what, ck_dot(gx, vx, d) + rest, jv);
}

int main(void) {
  for (int i = 0; i < DMAX; i++) X[i] = 0.4 + 0.11 * i - 0.01 * i * i;
  for (int i = 0; i < NL; i++) LL[i] = 0.9 - 0.013 * i + 0.05 * (i % 3);
  check_at(DMAX);
  check_at(3);
  check_at(8);
  return ck_done();
}
