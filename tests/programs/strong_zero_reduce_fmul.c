// TEST: the enzyme_strong_zero marker on a product that the loop vectorizer reassociates into llvm.vector.reduce.fmul (-O2, -O3; a plain fmul loop at -O0, -O1): with entries 0 and 4 of 1e200 (one vector lane) the product, that lane, and the product of the other lanes for each other lane, are infinite; a zero adjoint (the product's select arm not taken) or zero tangents (direction along y only) times it gives NaN without the marker, exactly zero with it; derivatives checked against finite differences (the function is flat in x there) and forward against reverse. Build with -DCK_NO_STRONG_ZERO to see the NaNs without the marker.
// CFLAGS: -fassociative-math -fno-signed-zeros -fno-trapping-math
#include "include/ck_array.h"

extern int enzyme_strong_zero, enzyme_dup, enzyme_const;
#ifdef CK_NO_STRONG_ZERO
#define SZ
#else
#define SZ enzyme_strong_zero,
#endif

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

enum { N = 13 };

static double product(const double *x, int n) {
  double p = 1.0;
  for (int i = 0; i < n; i++) p *= x[i];
  return p;
}

/* Reverse: the product's arm is not taken where it overflows, so its adjoint is zero. */
static double f_rev(const double *x, double *y, int n) {
  double p = product(x, n);
  return p > 1e308 ? y[0] : p * y[0];
}

/* Forward: 1/p is 0 at p = inf, and its partial −1/p² is −0; p's tangent is zero along y. */
static double f_fwd(const double *x, double y, int n) { return y + 1.0 / product(x, n); }

static double xs[N], Y[1] = {0.75};
static double F_rev_x(double *x) { return f_rev(x, Y, N); }
static double F_rev_y(double *y) { return f_rev(xs, y, N); }

int main(void) {
  for (int i = 0; i < N; i++) xs[i] = i % 4 == 0 && i < 8 ? 1e200 : 0.5 + 0.125 * i;

  double dx[N] = {0}, dy[1] = {0};
  __enzyme_autodiff((void *)f_rev, SZ enzyme_dup, xs, dx, enzyme_dup, Y, dy, enzyme_const, N);
  ck_gradient("rev reduce.fmul, untaken arm", dx, F_rev_x, xs, N);
  ck_gradient("rev reduce.fmul, d/dy", dy, F_rev_y, Y, 1);

  double zero[N] = {0}, h = ck_step(Y[0]);
  double fd = (f_fwd(xs, Y[0] + h, N) - f_fwd(xs, Y[0] - h, N)) / (2.0 * h);
  double t = __enzyme_fwddiff((void *)f_fwd, SZ enzyme_dup, xs, zero, Y[0], 1.0, N);
  CHECK("fwd reduce.fmul, tangent along y only", t, fd);
  CHECK("fwd along y = rev d/dy", t, dy[0]);
  return ck_done();
}
