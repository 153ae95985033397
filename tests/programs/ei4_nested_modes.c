// TEST: derivatives of derivatives in the orders Enzyme users combine them: reverse over forward (__enzyme_autodiff of a wrapper that calls __enzyme_fwddiff: the gradient of a directional derivative, i.e. a Hessian-vector product), forward width 2 over reverse (two Hessian columns at once, __enzyme_fwddiff with enzyme_width 2 of a wrapper calling __enzyme_autodiff), and forward over forward (a second directional derivative); against finite differences of first derivatives and each other
#include "include/ck_array.h"

#define N 3
__attribute__((noinline)) double f(const double *x) {
  double s = x[0] * x[0] * x[1] + sin(x[1] * x[2]) + exp(0.5 * x[0]) * x[2];
  for (int i = 0; i < N; i++) s += log(1.0 + x[i] * x[i]) / (2.0 + x[(i + 1) % N]);
  return s;
}
double __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff_v(void *, ...) __asm__("__enzyme_fwddiff");
typedef struct {
  double d[2];
} w2;

static double V[N] = {0.6, -1.0, 0.3};
/* directional derivative of f along V */
__attribute__((noinline)) double dirf(double *x) {
  double v[N];
  for (int i = 0; i < N; i++) v[i] = V[i];
  return __enzyme_fwddiff((void *)f, enzyme_dup, x, v);
}
__attribute__((noinline)) void gradf(double *x, double *g) {
  for (int i = 0; i < N; i++) g[i] = 0.0;
  __enzyme_autodiff((void *)f, enzyme_dup, x, g);
}
__attribute__((noinline)) double dirdir(double *x, double *u) {
  /* d/dt of the directional derivative along V, seeded along u by the caller */
  return __enzyme_fwddiff((void *)dirf, enzyme_dup, x, u);
}

static int comp;
static double gcomp(double *x) {
  double g[N];
  gradf(x, g);
  return g[comp];
}

int main(void) {
  double x[N] = {0.7, -0.4, 1.2};
  /* reverse over forward: grad of <grad f, V> = H V */
  double hv[N] = {0};
  __enzyme_autodiff((void *)dirf, enzyme_dup, x, hv);
  ck_gradient("reverse over forward (Hv)", hv, dirf, x, N);

  /* forward width 2 over reverse: columns 0 and 2 of H */
  double g[N], dg[2][N], s0[N] = {1, 0, 0}, s1[N] = {0, 0, 1};
  __enzyme_fwddiff_v((void *)gradf, enzyme_width, 2, enzyme_dup, x, s0, s1, enzyme_dup, g, dg[0], dg[1]);
  for (int i = 0; i < N; i++) {
    comp = i;
    char name[48];
    snprintf(name, sizeof name, "fwd2 over rev H[%d][0]", i);
    CHECK(name, dg[0][i], ck_fd_partial(gcomp, x, 0));
    snprintf(name, sizeof name, "fwd2 over rev H[%d][2]", i);
    CHECK(name, dg[1][i], ck_fd_partial(gcomp, x, 2));
  }
  /* consistency: H V from the columns of both routes */
  double hvc = 0.0;
  double col1[N], e1[N] = {0, 1, 0};
  __enzyme_fwddiff_v((void *)gradf, enzyme_dup, x, e1, enzyme_dup, g, col1);
  hvc = dg[0][0] * V[0] + col1[0] * V[1] + dg[1][0] * V[2];
  CHECK("Hv[0] from columns", hv[0], hvc);

  /* forward over forward: u^T H V */
  double u[N] = {0.2, 0.9, -0.5};
  double uhv = dirdir(x, u);
  CHECK("forward over forward u^T H v", uhv, ck_dot(u, hv, N));
  return ck_done();
}
