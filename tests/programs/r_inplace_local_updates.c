// TEST: reverse mode through in-place updates of local arrays, whose load and store adjoints are fused (the store's reverse leaves the shadow as it read it, the load's reverse stores its adjoint there): `+=` in loops the vectorizer interleaves, `*=` by a negative factor, negation, an update through a second pointer into the same array (one element apart: not fused), an update with a call between its load and store, and a local array whose shadow is read again by an earlier loop; gradients against finite differences, a dot-product test with forward mode, and gradients of inputs that reach the result only through zeros are +0.0
#include <math.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NX 7
#define M 203

__attribute__((noinline)) static double wobble(double v) { return v + 0.1 * sin(v); }

__attribute__((noinline)) static double updates(const double *x, const double *z) {
  double a[M], b[M], c[M];
  for (int i = 0; i < M; i++) a[i] = x[i % NX] * (1.0 + 0.01 * i), b[i] = x[(i + 3) % NX] - 0.002 * i, c[i] = 0.0;
  for (int r = 0; r < 3; r++)
    for (int i = 0; i < M; i++) a[i] += b[i] * x[(i + r) % NX];
  for (int i = 0; i < M; i++) b[i] *= -0.75 - 0.001 * i;
  for (int i = 0; i < M; i++) a[i] = -a[i];
  double *a1 = a + 1;
  for (int i = 0; i < M - 1; i++) a1[i] += 0.5 * a[i];
  for (int i = 0; i < M; i++) c[i] += z[i % NX] * 0.0;
  for (int i = 0; i < M; i++) b[i] = wobble(b[i]) + 0.1 * b[i];
  double s = 0.0;
  for (int i = 0; i < M; i++) s += a[i] * b[i] + sin(a[i]) + c[i];
  return s / M;
}

static double X[NX], Z[NX];
static double F(double *x) { return updates(x, Z); }

int main(void) {
  for (int i = 0; i < NX; i++) X[i] = 0.3 + 0.17 * i - 0.02 * i * i, Z[i] = 1.0 + i;
  double g[NX] = {0}, gz[NX] = {0}, v[NX], vz[NX] = {0};
  __enzyme_autodiff((void *)updates, enzyme_dup, X, g, enzyme_dup, Z, gz);
  ck_gradient("in-place updates", g, F, X, NX);
  for (int i = 0; i < NX; i++) v[i] = 0.2 - 0.05 * i;
  double jv = __enzyme_fwddiff((void *)updates, enzyme_dup, X, v, enzyme_dup, Z, vz);
  CHECK("in-place updates: <g, v>", ck_dot(g, v, NX), jv);
  int positive = 1;
  for (int i = 0; i < NX; i++) positive &= gz[i] == 0.0 && !signbit(gz[i]);
  CHECK("inputs that reach the result through zeros get +0.0", positive, 1);
  return ck_done();
}
