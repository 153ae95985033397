// TEST: higher order: nested __enzyme_fwddiff with pointer arguments (Hessian-vector product), a mixed partial whose outer call uses enzyme_width 2
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
typedef struct { double d[2]; } d2;
d2 __enzyme_fwddiff_2(void *, ...);

/* Scalar field on R^2 through a pointer. */
static double phi(const double *x) { return x[0] * x[0] * x[1] + sin(x[0] * x[1]) + exp(0.3 * x[1]); }
/* Directional derivative along V (inner forward pass, pointer dup). */
static double V[2] = {0.6, -0.8};
static double dphi_v(const double *x) {
  double v[2] = {V[0], V[1]};
  return __enzyme_fwddiff((void *)phi, x, v);
}
static double X[2] = {0.9, 0.4}, W[2];
static double along_dphi(double t) {
  double x[2] = {X[0] + t * W[0], X[1] + t * W[1]};
  return dphi_v(x);
}

/* Second derivative. */
static double u(double x) { return x * x * x * x * sin(x); }
static double u1(double x) { return __enzyme_fwddiff((void *)u, x, 1.0); }

/* Mixed partials of q(x, y) with an inner const marker. */
static double q(double x, double y) { return exp(x * y) + x * x * y; }
static double qx(double x, double y) { return __enzyme_fwddiff((void *)q, x, 1.0, enzyme_const, y); }
static double QY;
static double qx_y(double y) { return qx(0.5, y); }
static double qx_x(double x) { return qx(x, QY); }

int main(void) {
  double w[2] = {1.0, 0.0}, x[2] = {X[0], X[1]};
  W[0] = 1.0; W[1] = 0.0;
  CHECK("Hv component 0 (nested, pointer args)", __enzyme_fwddiff((void *)dphi_v, x, w), ck_fd1(along_dphi, 0.0));
  double w2[2] = {0.3, 0.7};
  W[0] = 0.3; W[1] = 0.7;
  CHECK("w.H.v (nested, pointer args)", __enzyme_fwddiff((void *)dphi_v, x, w2), ck_fd1(along_dphi, 0.0));
  CHECK("u'' (two levels)", __enzyme_fwddiff((void *)u1, 0.7, 1.0), ck_fd1(u1, 0.7));
  QY = 1.3;
  d2 m = __enzyme_fwddiff_2((void *)qx, enzyme_width, 2, 0.5, 1.0, 0.0, 1.3, 0.0, 1.0);
  CHECK("q_xx via width2 outer", m.d[0], ck_fd1(qx_x, 0.5));
  CHECK("q_xy via width2 outer", m.d[1], ck_fd1(qx_y, 1.3));
  return ck_done();
}
