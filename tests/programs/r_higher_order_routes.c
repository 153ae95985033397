// TEST: second derivatives through the less common routes: __enzyme_fwddiff of a gradient made by split mode (__enzyme_augmentfwd + __enzyme_reverse), __enzyme_fwddiff at enzyme_width 2 of a combined gradient (two Hessian columns in one call), __enzyme_autodiff of a function that calls __enzyme_autodiff (reverse over reverse, through heap scratch), and both over code calling a black box with user forward and reverse rules; each against finite differences of the gradient, which is itself checked
#include <math.h>
#include <stdlib.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

extern int enzyme_width;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

/* A black box with both rules: only they differentiate it. */
__attribute__((noinline)) double black_cube(double x) {
  double r = x * x * x;
  __asm__ volatile("" : "+x"(r));
  return r;
}
double black_cube_aug(double x) { return x * x * x; }
double black_cube_rev(double x, double dret) { return 3.0 * x * x * dret; }
void *__enzyme_register_gradient_black_cube[] = {(void *)black_cube, (void *)black_cube_aug, (void *)black_cube_rev};
typedef struct { double value, tangent; } Dual;
Dual black_cube_fwd(double x, double dx) { Dual r = {x * x * x, 3.0 * x * x * dx}; return r; }
void *__enzyme_register_derivative_black_cube[] = {(void *)black_cube, (void *)black_cube_fwd};

#define N 4
static double f(double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += black_cube(x[i]) * x[(i + 1) % n] + sin(x[i] * x[(i + 2) % n]) + exp(0.3 * x[i]);
  return s;
}
static double F(double *x) { return f(x, N); }

static void grad(double *x, double *g, int n) {
  for (int i = 0; i < n; i++) g[i] = 0.0;
  __enzyme_autodiff((void *)f, enzyme_dup, x, g, enzyme_const, n);
}
static void grad_split(double *x, double *g, int n) {
  for (int i = 0; i < n; i++) g[i] = 0.0;
  ck_aug a = __enzyme_augmentfwd((void *)f, enzyme_dup, x, g, enzyme_const, n);
  __enzyme_reverse((void *)f, enzyme_dup, x, g, enzyme_const, n, 1.0, a.tape);
}
/* <grad f(x), w>, through heap scratch: its gradient is H w. */
static double grad_dot(double *x, const double *w, int n) {
  double *g = malloc(n * sizeof *g);
  grad(x, g, n);
  double s = 0.0;
  for (int i = 0; i < n; i++) s += g[i] * w[i];
  free(g);
  return s;
}

/* Finite differences of the AD gradient along v: H v. */
static void fd_hv(double *x, const double *v, double *out) {
  double xp[N], xm[N], gp[N], gm[N], h = 1e-5;
  for (int i = 0; i < N; i++) xp[i] = x[i] + h * v[i], xm[i] = x[i] - h * v[i];
  grad(xp, gp, N);
  grad(xm, gm, N);
  for (int i = 0; i < N; i++) out[i] = (gp[i] - gm[i]) / (2.0 * h);
}
static void check_vec(const char *what, const double *got, const double *want) {
  char label[96];
  for (int i = 0; i < N; i++) {
    snprintf(label, sizeof label, "%s[%d]", what, i);
    CHECK(label, got[i], want[i]);
  }
}

/* Scalar: d2/dx2 of x^3 sin x by reverse over reverse and forward over reverse. */
static double h1(double x) { return x * x * x * sin(x); }
static double dh1(double x) { return __enzyme_autodiff((void *)h1, x); }
static double dh1_rr(double x) { return __enzyme_autodiff((void *)dh1, x); }
static double dh1_fr(double x) { return __enzyme_fwddiff((void *)dh1, x, 1.0); }

int main(void) {
  double x[N] = {0.7, -0.4, 1.1, 0.3};
  double v[N] = {0.3, -0.2, 0.5, 1.0}, w[N] = {-0.6, 0.8, 0.1, 0.4};
  double g[N], want[N];
  grad(x, g, N);
  ck_gradient("gradient", g, F, x, N);

  double hv[N] = {0};
  __enzyme_fwddiff((void *)grad_split, enzyme_dup, x, v, enzyme_dup, g, hv, enzyme_const, N);
  fd_hv(x, v, want);
  check_vec("forward over split reverse: Hv", hv, want);

  double e0[N] = {0, 1, 0, 0}, e1[N] = {0, 0, 0, 1}, c0[N] = {0}, c1[N] = {0};
  __enzyme_fwddiff((void *)grad, enzyme_width, 2, enzyme_dup, x, e0, e1, enzyme_dup, g, c0, c1, enzyme_const, N);
  fd_hv(x, e0, want);
  check_vec("forward width 2 over reverse: H column 1", c0, want);
  fd_hv(x, e1, want);
  check_vec("forward width 2 over reverse: H column 3", c1, want);

  double hw[N] = {0};
  __enzyme_autodiff((void *)grad_dot, enzyme_dup, x, hw, enzyme_const, w, enzyme_const, N);
  fd_hv(x, w, want);
  check_vec("reverse over reverse: Hw", hw, want);

  const double xs = 0.9;
  CHECK("scalar: reverse over reverse", dh1_rr(xs), ck_fd1(dh1, xs));
  CHECK("scalar: forward over reverse", dh1_fr(xs), ck_fd1(dh1, xs));
  return ck_done();
}
