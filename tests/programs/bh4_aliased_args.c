// TEST: the same array passed twice with the same shadow (dot(x, x), a matrix product A*A, an in-place update whose input and output are one buffer), and an array passed once dup and once const, in reverse, forward and split mode: the adjoints of both uses land in the one shadow
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 3

static double dot(const double *a, const double *b, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
static void matmul(const double *a, const double *b, double *c) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      double s = 0.0;
      for (int k = 0; k < N; k++) s += a[i * N + k] * b[k * N + j];
      c[i * N + j] = s;
    }
}
static double trace_sq(double *a) {
  double c[N * N];
  matmul(a, a, c);
  double t = 0.0;
  for (int i = 0; i < N; i++) t += c[i * N + i] * c[i * N + i] + sin(c[i * N + (i + 1) % N]);
  return t;
}
/* out[i] = in[i] * in[(i+1)%n]: called with out == in, so later reads see earlier writes */
static void smooth(double *out, const double *in, int n) {
  for (int i = 0; i < n; i++) out[i] = in[i] * in[(i + 1) % n] + 0.5 * in[i];
}
static double smooth_self(double *x) {
  double y[2 * N];
  memcpy(y, x, sizeof y);
  smooth(y, y, 2 * N);
  double s = 0.0;
  for (int i = 0; i < 2 * N; i++) s += (i + 1) * y[i];
  return s;
}
static double F_dot(double *x) { return dot(x, x, N * N); }

int main(void) {
  double x[N * N], dx[N * N] = {0}, v[N * N], t[N * N];
  for (int i = 0; i < N * N; i++) {
    x[i] = 0.4 * sin(1.1 * i + 0.3);
    v[i] = t[i] = cos(0.6 * i);
  }
  __enzyme_autodiff((void *)dot, enzyme_dup, x, dx, enzyme_dup, x, dx, enzyme_const, N * N);
  ck_gradient("dot(x, x), one shadow twice", dx, F_dot, x, N * N);
  double dd[N * N] = {0};
  memcpy(t, v, sizeof t);
  CHECK("dot(x, x): forward, one tangent twice",
        __enzyme_fwddiff((void *)dot, enzyme_dup, x, t, enzyme_dup, x, t, enzyme_const, N * N), ck_dot(dx, v, N * N));
  __enzyme_autodiff((void *)dot, enzyme_dup, x, dd, enzyme_const, x, enzyme_const, N * N);
  for (int i = 0; i < N * N; i++) CHECK("dot(x, x), first dup second const: half", dd[i], 0.5 * dx[i]);

  double da[N * N] = {0};
  __enzyme_autodiff((void *)trace_sq, enzyme_dup, x, da);
  ck_gradient("matmul(a, a)", da, trace_sq, x, N * N);
  memcpy(t, v, sizeof t);
  CHECK("matmul(a, a): forward vs reverse", __enzyme_fwddiff((void *)trace_sq, enzyme_dup, x, t), ck_dot(da, v, N * N));

  double ds[2 * N] = {0}, x6[2 * N];
  memcpy(x6, x, sizeof x6);
  __enzyme_autodiff((void *)smooth_self, enzyme_dup, x6, ds);
  ck_gradient("in-place smooth(y, y)", ds, smooth_self, x6, 2 * N);

  /* the same buffer as output and input at the top level; the weights are the output seed */
  double y[2 * N], dy[2 * N];
  memcpy(y, x, sizeof y);
  for (int i = 0; i < 2 * N; i++) dy[i] = i + 1;
  __enzyme_autodiff((void *)smooth, enzyme_dup, y, dy, enzyme_dup, y, dy, enzyme_const, 2 * N);
  ck_gradient("smooth(y, y) at the top level", dy, smooth_self, x6, 2 * N);
  return ck_done();
}
