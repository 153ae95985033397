// TEST: third derivatives by mixed nestings over a function with a data-dependent while loop (a fixed-point iteration run to a tolerance) and heap scratch: T(u, v) = d/dt H(x + t u) v by __enzyme_fwddiff of a forward-over-reverse Hessian-vector product (forward over forward over reverse), the same at enzyme_width 2 (two u directions at once), the gradient of <w, H v> by __enzyme_autodiff of the forward-over-reverse product (reverse over forward over reverse), and a scalar third derivative by forward over reverse over forward; against finite differences of the second-order quantities, which are checked against finite differences of the gradient
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);
double __enzyme_autodiff_d(void *, ...) __asm__("__enzyme_autodiff");
void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...) __asm__("__enzyme_fwddiff");

#define N 3

/* f(x) = sum_i z_i^2 * x_i + prod, where z solves z = 0.5 cos(z) + x (iterated to 1e-14) */
__attribute__((noinline)) double f(const double *x) {
  double *z = calloc(N, sizeof(double));
  double r = 0.0;
  for (int i = 0; i < N; i++) {
    double zi = 0.0, d = 1.0;
    int it = 0;
    while (d > 1e-14 && it < 200) {
      double zn = 0.5 * cos(zi) + x[i];
      d = fabs(zn - zi);
      zi = zn;
      it++;
    }
    z[i] = zi;
  }
  for (int i = 0; i < N; i++) r += z[i] * z[i] * x[i];
  r += sin(x[0] * x[1] * x[2]);
  free(z);
  return r;
}
static double f_p(double *x) { return f(x); }

__attribute__((noinline)) void grad(const double *x, double *g) {
  for (int i = 0; i < N; i++) g[i] = 0.0;
  __enzyme_autodiff((void *)f, enzyme_dup, x, g);
}
static const double V[N] = {0.6, -0.3, 1.0};
/* H v by forward over reverse */
__attribute__((noinline)) void hvp(const double *x, double *hv) {
  double g[N], vv[N];
  memcpy(vv, V, sizeof vv);
  __enzyme_fwddiff((void *)grad, enzyme_dup, x, vv, enzyme_dup, g, hv);
}
static const double W[N] = {1.0, 0.4, -0.8};
__attribute__((noinline)) double w_hv(const double *x) {
  double hv[N];
  hvp(x, hv);
  return ck_dot(W, hv, N);
}
static double w_hv_p(double *x) { return w_hv(x); }
static double gdotv(double *x) {
  double g[N];
  grad(x, g);
  return ck_dot(g, V, N);
}
static int COMP;
static double hv_comp(double *x) {
  double hv[N];
  hvp(x, hv);
  return hv[COMP];
}

/* scalar: second directional derivative by forward over forward, then a reverse on top */
__attribute__((noinline)) double dir1(const double *x) {
  double vv[N];
  memcpy(vv, V, sizeof vv);
  return __enzyme_fwddiff_d((void *)f, enzyme_dup, x, vv);
}
__attribute__((noinline)) double dir2(const double *x) {
  double vv[N];
  memcpy(vv, V, sizeof vv);
  return __enzyme_fwddiff_d((void *)dir1, enzyme_dup, x, vv);
}
static double dir2_p(double *x) { return dir2(x); }
/* the same third derivative with the reverse in the middle */
__attribute__((noinline)) void grad_dir1(const double *x, double *g) {
  for (int i = 0; i < N; i++) g[i] = 0.0;
  __enzyme_autodiff((void *)dir1, enzyme_dup, x, g);
}

int main(void) {
  double x[N] = {0.4, -0.7, 0.9};
  char label[96];
  double g[N], hv[N];
  grad(x, g);
  ck_gradient("gradient", g, f_p, x, N);
  hvp(x, hv);
  ck_gradient("H v (fwd over rev)", hv, gdotv, x, N);

  /* forward over forward over reverse: d/dt H(x + t u) v */
  double u0[N] = {1.0, 0.5, -0.2}, u1[N] = {0.0, 1.0, 0.3}, t0[N], t1[N], hvd[N];
  __enzyme_fwddiff((void *)hvp, enzyme_dup, x, u0, enzyme_dup, hvd, t0);
  for (COMP = 0; COMP < N; COMP++) {
    double want = 0.0;
    for (int k = 0; k < N; k++) want += u0[k] * ck_fd_partial(hv_comp, x, k);
    snprintf(label, sizeof label, "T(u0, v)[%d] fwd/fwd/rev", COMP);
    CHECK(label, t0[COMP], want);
  }
  /* width 2 */
  double s0[N], s1[N];
  __enzyme_fwddiff((void *)hvp, enzyme_width, 2, enzyme_dup, x, u0, u1, enzyme_dup, hvd, s0, s1);
  for (COMP = 0; COMP < N; COMP++) {
    double want0 = 0.0, want1 = 0.0;
    for (int k = 0; k < N; k++) {
      double p = ck_fd_partial(hv_comp, x, k);
      want0 += u0[k] * p;
      want1 += u1[k] * p;
    }
    snprintf(label, sizeof label, "T(u0, v)[%d] width 2 lane 0", COMP);
    CHECK(label, s0[COMP], want0);
    snprintf(label, sizeof label, "T(u1, v)[%d] width 2 lane 1", COMP);
    CHECK(label, s1[COMP], want1);
  }
  /* reverse over forward over reverse: grad of <w, H v> */
  double gw[N] = {0};
  __enzyme_autodiff((void *)w_hv, enzyme_dup, x, gw);
  ck_gradient("grad <w, H v> rev/fwd/rev", gw, w_hv_p, x, N);
  double fw = __enzyme_fwddiff_d((void *)w_hv, enzyme_dup, x, u0);
  CHECK("dot test <grad <w,Hv>, u0> = fwd/fwd/rev", ck_dot(gw, u0, N), fw);
  /* third directional derivative d^3 f [v, v, v] three ways */
  double vv[N];
  memcpy(vv, V, sizeof vv);
  double d3a = __enzyme_fwddiff_d((void *)dir2, enzyme_dup, x, vv);
  double d2g[N] = {0};
  __enzyme_autodiff((void *)dir2, enzyme_dup, x, d2g);
  double gd1[N], t3[N];
  __enzyme_fwddiff((void *)grad_dir1, enzyme_dup, x, vv, enzyme_dup, gd1, t3);
  double fd3 = 0.0;
  for (int k = 0; k < N; k++) fd3 += V[k] * ck_fd_partial(dir2_p, x, k);
  CHECK("f'''[v,v,v] fwd/fwd/fwd", d3a, fd3);
  CHECK("f'''[v,v,v] rev/fwd/fwd", ck_dot(d2g, V, N), fd3);
  CHECK("f'''[v,v,v] fwd/rev/fwd", ck_dot(t3, V, N), fd3);
  ck_gradient("grad f''[v,v] rev/fwd/fwd", d2g, dir2_p, x, N);
  return ck_done();
}
