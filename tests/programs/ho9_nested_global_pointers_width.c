// TEST: batched Hessian columns (__enzyme_fwddiff at enzyme_width 2 of an __enzyme_autodiff gradient) of a function whose scratch lives in globals reached through other globals (a mutable pointer to a global buffer, a constant table of two buffers' addresses) and a global accumulator: the outer derivative's lane shadows of those globals, mirrored pointer initializers included, are separate from the inner gradient's; against finite differences of the gradient
#include "include/ck_array.h"
void __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);
#define N 3
static double BUF_A[N], BUF_B[N];
static double *CUR = BUF_A;           /* a global holding another global's address */
static double *const SLOTS[2] = {BUF_A, BUF_B};
static double ACC;
__attribute__((noinline)) double f(const double *x) {
  ACC = 0.0;
  for (int i = 0; i < N; i++) CUR[i] = x[i] * x[(i + 1) % N];
  for (int i = 0; i < N; i++) SLOTS[1][i] = CUR[i] * x[i];
  for (int i = 0; i < N; i++) ACC += sin(SLOTS[1][i]) + CUR[i] * CUR[i];
  return ACC * ACC;
}
static double f_p(double *x) { return f(x); }
__attribute__((noinline)) void grad(const double *x, double *g) {
  for (int i = 0; i < N; i++) g[i] = 0.0;
  __enzyme_autodiff((void *)f, enzyme_dup, x, g);
}
static int COL;
static double gcomp_fd(double *x) { double g[N]; grad(x, g); return g[COL]; }
int main(void) {
  double x[N] = {0.4, 0.9, -0.6}, g[N], gd[N];
  grad(x, g);
  ck_gradient("gradient", g, f_p, x, N);
  double e0[N] = {1, 0, 0}, e2[N] = {0, 0, 1}, c0[N], c2[N];
  __enzyme_fwddiff((void *)grad, enzyme_width, 2, enzyme_dup, x, e0, e2, enzyme_dup, gd, c0, c2);
  for (COL = 0; COL < N; COL++) {
    CHECK("H[.][0] width 2 lane 0", c0[COL], ck_fd_partial(gcomp_fd, x, 0));
    CHECK("H[.][2] width 2 lane 1", c2[COL], ck_fd_partial(gcomp_fd, x, 2));
  }
  return ck_done();
}
