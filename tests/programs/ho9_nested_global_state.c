// TEST: nested derivatives of functions that keep their intermediates in mutable globals (a scalar accumulator, a scratch array, a struct holding a counter and a sum): forward over reverse, reverse over forward, forward over forward along different directions (mixed partials) and reverse over reverse; the inner derivative's shadows of those globals and the outer derivative's must be separate memory (an outer tangent of a global is not the inner adjoint or tangent of it); against finite differences of the first derivatives, which are checked against the function
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);
double __enzyme_autodiff_d(void *, ...) __asm__("__enzyme_autodiff");
void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...) __asm__("__enzyme_fwddiff");
typedef struct { double dx, dy; } g2;
g2 __enzyme_autodiff2(void *, ...) __asm__("__enzyme_autodiff");

#define N 3
static double SCRATCH[N];
static double ACC;
static struct { int count; double sum; } STATS;

__attribute__((noinline)) double f(const double *x) {
  ACC = 0.0;
  STATS.count = 0;
  STATS.sum = 0.0;
  for (int i = 0; i < N; i++) SCRATCH[i] = x[i] * x[(i + 1) % N];
  for (int i = 0; i < N; i++) {
    ACC += sin(SCRATCH[i]) * x[i];
    STATS.sum += SCRATCH[i] * SCRATCH[i];
    STATS.count++;
  }
  return ACC * ACC + STATS.sum / STATS.count;
}
static double f_p(double *x) { return f(x); }

__attribute__((noinline)) void grad(const double *x, double *g) {
  for (int i = 0; i < N; i++) g[i] = 0.0;
  __enzyme_autodiff((void *)f, enzyme_dup, x, g);
}
static double V[N] = {0.5, -1.0, 0.3};
static double gdotv(double *x) {
  double g[N];
  grad(x, g);
  return ck_dot(g, V, N);
}
__attribute__((noinline)) double dir(const double *x, const double *v) {
  return __enzyme_fwddiff_d((void *)f, enzyme_dup, x, v);
}
static double dir_p(double *x) { return dir(x, V); }
static double W[N] = {1.0, 0.2, -0.7};
__attribute__((noinline)) double gdotw(const double *x) {
  double g[N];
  grad(x, g);
  return ck_dot(g, W, N);
}
static double gdotw_p(double *x) { return gdotw(x); }

/* scalar case: a two-variable function through one global, mixed partials */
static double G2;
__attribute__((noinline)) double s(double x, double y) {
  G2 = x * y;
  G2 = sin(G2) + x * x;
  return G2 * y;
}
static double sx(double x, double y) { return __enzyme_fwddiff_d((void *)s, x, 1.0, y, 0.0); }
static double sy_r(double x, double y) { return __enzyme_autodiff2((void *)s, x, y).dy; }
static double X0 = 0.7, Y0 = -0.4;
static double sx_y(double t) { return sx(X0, t); }
static double sx_x(double t) { return sx(t, Y0); }
static double s_y(double t) { return s(X0, t); }

int main(void) {
  double x[N] = {0.4, 0.9, -0.6}, g[N], gd[N], hv[N], hv2[N] = {0}, hw[N] = {0};
  grad(x, g);
  ck_gradient("gradient", g, f_p, x, N);
  CHECK("directional derivative", dir(x, V), ck_dot(g, V, N));
  __enzyme_fwddiff((void *)grad, enzyme_dup, x, V, enzyme_dup, gd, hv);
  ck_gradient("H v fwd over rev", hv, gdotv, x, N);
  __enzyme_autodiff((void *)dir, enzyme_dup, x, hv2, enzyme_const, V);
  ck_gradient("H v rev over fwd", hv2, dir_p, x, N);
  __enzyme_autodiff((void *)gdotw, enzyme_dup, x, hw);
  ck_gradient("H w rev over rev", hw, gdotw_p, x, N);
  CHECK("dot test <H w, v> = <w, H v>", ck_dot(hw, V, N), ck_dot(W, hv, N));

  double x0 = X0, y0 = Y0;
  CHECK("s_x", sx(x0, y0), (s(x0 + 1e-5, y0) - s(x0 - 1e-5, y0)) / 2e-5);
  CHECK("s_y reverse", sy_r(x0, y0), ck_fd1(s_y, y0));
  CHECK("s_xy fwd over fwd (other direction)", __enzyme_fwddiff_d((void *)sx, x0, 0.0, y0, 1.0), ck_fd1(sx_y, y0));
  CHECK("s_xx fwd over fwd", __enzyme_fwddiff_d((void *)sx, x0, 1.0, y0, 0.0), ck_fd1(sx_x, x0));
  CHECK("s_yx fwd over rev", __enzyme_fwddiff_d((void *)sy_r, x0, 1.0, y0, 0.0), ck_fd1(sx_y, y0));
  g2 r = __enzyme_autodiff2((void *)sx, x0, y0);
  CHECK("s_xx rev over fwd", r.dx, ck_fd1(sx_x, x0));
  CHECK("s_xy rev over fwd", r.dy, ck_fd1(sx_y, y0));
  return ck_done();
}
