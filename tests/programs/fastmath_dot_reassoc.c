// TEST: fast-math flags carry over to tangents: a `#pragma clang fp reassociate` dot product (vectorized reduction at -O2/-O3, reassoc tangent fadds) and a `contract` polynomial, against finite differences
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

#define N 203

/* crates/cli/tests/fast_math.rs reads this function's derivative at -O3 and requires `reassoc`
   on its tangent fadds. */
__attribute__((noinline)) double dot(const double *x, const double *y, int n) {
#pragma clang fp reassociate(on)
  double s = 0.0;
  for (int i = 0; i < n; i++) s += x[i] * y[i];
  return s;
}

static double poly(double x) {
#pragma clang fp contract(fast)
  return ((0.5 * x + 1.25) * x - 2.0) * x + 0.75;
}

static double xs[N], ys[N], dxs[N], dys[N], zero[N];
static int along_y = 1; /* 0: move x only */

static double dot_along(double t) {
  double a[N], b[N];
  for (int i = 0; i < N; i++) {
    a[i] = xs[i] + t * dxs[i];
    b[i] = ys[i] + t * (along_y ? dys[i] : 0.0);
  }
  return dot(a, b, N);
}

int main(void) {
  for (int i = 0; i < N; i++) {
    xs[i] = sin(0.37 * i) + 0.1;
    ys[i] = cos(0.11 * i) - 0.2;
    dxs[i] = 0.5 + 0.01 * (i % 7);
    dys[i] = -0.3 + 0.02 * (i % 5);
  }
  CHECK("dot along (dx, dy)", __enzyme_fwddiff((void *)dot, xs, dxs, ys, dys, N), ck_fd1(dot_along, 0.0));
  along_y = 0;
  CHECK("dot along (dx, 0)", __enzyme_fwddiff((void *)dot, xs, dxs, ys, zero, N), ck_fd1(dot_along, 0.0));
  for (double x = -1.5; x < 2.0; x += 0.7) {
    char name[48];
    snprintf(name, sizeof name, "poly' at %g", x);
    CHECK(name, __enzyme_fwddiff((void *)poly, x, 1.0), ck_fd1(poly, x));
  }
  return ck_done();
}
