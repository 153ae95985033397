// TEST: batched derivatives over loops with calls: forward enzyme_width 3 of a function whose loop calls a noinline helper returning a struct {double, double}, a helper that mallocs a VLA-sized scratch and frees it, a float helper and a recursive helper, leaves early through a data-dependent break, and keeps a variable-length array on the stack; then batched reverse (enzyme_width 2 in __enzyme_autodiff) of a void function with a dup input and a dup output array (two seeds, two gradients); each lane against finite differences, and forward lanes against reverse lanes (dot-product test)
#include "include/ck_array.h"

typedef struct {
  double a, b;
} pr;
__attribute__((noinline)) static pr split2(double x, double y) {
  pr r = {x * cos(y), y * sin(x)};
  return r;
}
__attribute__((noinline)) static double scratch_sum(const double *x, int n) {
  double *t = malloc(n * sizeof(double));
  for (int i = 0; i < n; i++) t[i] = x[i] * x[(i + 1) % n];
  double s = 0.0;
  for (int i = 0; i < n; i++) s += t[i] * (i + 0.5);
  free(t);
  return s;
}
__attribute__((noinline)) static float fhelp(float a) { return a * expf(-a * a); }
__attribute__((noinline)) static double rec(double x, int d) { return d == 0 ? x : rec(sin(x) + 0.5 * x, d - 1); }

#define N 6
__attribute__((noinline)) double loopcalls(const double *x, int n) {
  double vla[n];
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    pr p = split2(x[i], x[(i + 1) % n]);
    vla[i] = p.a + (double)fhelp((float)p.b);
    s += vla[i] * rec(x[i], i % 3);
    if (s > 40.0) break;
  }
  return s + scratch_sum(vla, n);
}
/* the finite difference runs through a double copy of the kernel: a difference through the float helper's rounding would be noise */
static double o_lc(double *x) {
  double vla[N], s = 0.0;
  for (int i = 0; i < N; i++) {
    pr p = split2(x[i], x[(i + 1) % N]);
    vla[i] = p.a + p.b * exp(-p.b * p.b);
    s += vla[i] * rec(x[i], i % 3);
    if (s > 40.0) break;
  }
  return s + scratch_sum(vla, N);
}

typedef struct {
  double d[3];
} t3;
t3 __enzyme_fwddiff3(void *, ...) __asm__("__enzyme_fwddiff");

__attribute__((noinline)) void vmap(const double *x, double *y, int n) {
  for (int i = 0; i < n; i++) {
    double t = x[i];
    for (int k = 0; k < 3; k++) t = t - 0.2 * tanh(t) + 0.1 * x[(i + k) % n];
    y[i] = t * t;
  }
}
static double W0[N] = {1, -0.5, 0.3, 0.8, -0.2, 0.6}, W1[N] = {0.2, 0.9, -1, 0.4, 0.5, -0.7};
static double o_w0(double *x) {
  double y[N];
  vmap(x, y, N);
  return ck_dot(W0, y, N);
}
static double o_w1(double *x) {
  double y[N];
  vmap(x, y, N);
  return ck_dot(W1, y, N);
}
void __enzyme_autodiff(void *, ...);

int main(void) {
  double x[N] = {0.4, -0.8, 1.1, 0.3, -0.5, 0.9};
  double v0[N] = {1, 0, 0, 0, 0, 0}, v1[N] = {0.3, -0.2, 0.5, 1, -0.4, 0.1}, v2[N] = {0, 0, 0, 0, 0, 1};
  t3 t = __enzyme_fwddiff3((void *)loopcalls, enzyme_width, 3, enzyme_dup, x, v0, v1, v2, enzyme_const, N);
  double g[N];
  for (int i = 0; i < N; i++) g[i] = ck_fd_partial(o_lc, x, i);
  CHECK_F32("width 3 lane 0", t.d[0], ck_dot(g, v0, N));
  CHECK_F32("width 3 lane 1", t.d[1], ck_dot(g, v1, N));
  CHECK_F32("width 3 lane 2", t.d[2], ck_dot(g, v2, N));

  double y[N], dy0[N], dy1[N], dx0[N] = {0}, dx1[N] = {0};
  memcpy(dy0, W0, sizeof dy0);
  memcpy(dy1, W1, sizeof dy1);
  __enzyme_autodiff((void *)vmap, enzyme_width, 2, enzyme_dup, x, dx0, dx1, enzyme_dup, y, dy0, dy1, enzyme_const, N);
  ck_gradient("batched reverse lane 0", dx0, o_w0, x, N);
  ck_gradient("batched reverse lane 1", dx1, o_w1, x, N);
  double ty[N] = {0};
  void __enzyme_fwddiff(void *, ...);
  __enzyme_fwddiff((void *)vmap, enzyme_dup, x, v1, enzyme_dup, y, ty, enzyme_const, N);
  ck_dot_test("batched reverse lane 1 vs fwd", W1, ty, N, dx1, v1, N);
  return ck_done();
}
