// TEST: the same array passed twice to the differentiated function (Enzyme users call f(x, x) for in-place updates): an out-of-place kernel called with out == in where later iterations read elements earlier ones overwrote, a three-pointer kernel called with two of them aliased at an offset (out = in + 1), and a pair of kernels where one noinline callee writes what the caller reads through the other pointer; reverse mode (dup with the same shadow passed twice) against finite differences and the dot-product test with forward mode
#include "include/ck_array.h"

#define N 5
__attribute__((noinline)) void sqnext(const double *in, double *out, int n) {
  for (int i = 0; i < n; i++) out[i] = in[i] * in[i] + 0.5 * in[(i + 1) % n] - 0.25 * in[(i + n - 1) % n];
}
__attribute__((noinline)) void mix3(const double *a, const double *b, double *out, int n) {
  for (int i = 0; i < n; i++) out[i] = a[i] * b[i] + sin(out[i]);
}
__attribute__((noinline)) void bump(double *p, int n) {
  for (int i = 0; i < n; i++) p[i] = p[i] * 1.5 + cos(p[i]);
}
__attribute__((noinline)) double both(double *p, const double *q, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += q[i];
  bump(p, n); /* p == q: q changes under the caller */
  for (int i = 0; i < n; i++) s += q[i] * q[(i + 2) % n];
  return s;
}

void __enzyme_autodiff_v(void *, ...) __asm__("__enzyme_autodiff");
double __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff_v(void *, ...) __asm__("__enzyme_fwddiff");
double __enzyme_fwddiff(void *, ...);

static const double W[N + 1] = {1.0, -0.5, 0.75, 2.0, -1.25, 0.6};
static double o_sq(double *x) {
  double y[N];
  memcpy(y, x, sizeof y);
  sqnext(y, y, N);
  return ck_dot(W, y, N);
}
static double o_mix(double *x) {
  double y[N + 1];
  memcpy(y, x, sizeof y);
  mix3(y, y, y + 1, N);
  return ck_dot(W, y, N + 1);
}
static double o_both(double *x) {
  double y[N];
  memcpy(y, x, sizeof y);
  return both(y, y, N);
}

int main(void) {
  double x0[N + 1] = {0.4, -0.7, 1.1, 0.3, -0.2, 0.85};
  double v[N + 1] = {1, 0.5, -0.3, 0.8, -0.6, 0.2};
  {
    double x[N], d[N], t[N];
    memcpy(x, x0, sizeof x);
    memcpy(d, W, sizeof d);
    __enzyme_autodiff_v((void *)sqnext, enzyme_dup, x, d, enzyme_dup, x, d, enzyme_const, N);
    ck_gradient("out == in", d, o_sq, x0, N);
    memcpy(x, x0, sizeof x);
    memcpy(t, v, sizeof t);
    __enzyme_fwddiff_v((void *)sqnext, enzyme_dup, x, t, enzyme_dup, x, t, enzyme_const, N);
    ck_dot_test("out == in fwd", W, t, N, d, v, N);
  }
  {
    double x[N + 1], d[N + 1], t[N + 1];
    memcpy(x, x0, sizeof x);
    memcpy(d, W, sizeof d);
    __enzyme_autodiff_v((void *)mix3, enzyme_dup, x, d, enzyme_dup, x, d, enzyme_dup, x + 1, d + 1, enzyme_const, N);
    ck_gradient("out = in + 1", d, o_mix, x0, N + 1);
    memcpy(x, x0, sizeof x);
    memcpy(t, v, sizeof t);
    __enzyme_fwddiff_v((void *)mix3, enzyme_dup, x, t, enzyme_dup, x, t, enzyme_dup, x + 1, t + 1, enzyme_const, N);
    ck_dot_test("out = in + 1 fwd", W, t, N + 1, d, v, N + 1);
  }
  {
    double x[N], d[N] = {0}, t[N], one = 1.0;
    memcpy(x, x0, sizeof x);
    __enzyme_autodiff((void *)both, enzyme_dup, x, d, enzyme_dup, x, d, enzyme_const, N);
    ck_gradient("callee writes the alias", d, o_both, x0, N);
    memcpy(x, x0, sizeof x);
    memcpy(t, v, sizeof t);
    double jv = __enzyme_fwddiff((void *)both, enzyme_dup, x, t, enzyme_dup, x, t, enzyme_const, N);
    ck_dot_test("callee writes the alias fwd", &one, &jv, 1, d, v, N);
  }
  return ck_done();
}
