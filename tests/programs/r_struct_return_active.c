// TEST: functions returning a struct of doubles by value (active return: every field seeded with 1.0, ABI §4.3), also through sret memory, and a small struct passed by value (two double parameters in LLVM): reverse gradients of the sum of the fields, forward tangents of each field, a function returning a struct of three doubles (sret) and a {double, double} pair
#include "include/catalase_check.h"

typedef struct { double re, im; } Cx;
typedef struct { double x, y, z; } V3;
typedef struct { double da, db; } G2;
typedef struct { double dre, dim, ds; } G3;
G2 __enzyme_autodiff_g2(void *, ...);
G3 __enzyme_autodiff_g3(void *, ...);
double __enzyme_autodiff(void *, ...);
Cx __enzyme_fwddiff_cx(void *, ...);

static Cx cmul_exp(double a, double b) {
  Cx e = {exp(a) * cos(b), exp(a) * sin(b)};
  Cx r = {e.re * a - e.im * b, e.re * b + e.im * a};
  return r;
}
static double cmul_sum(double a, double b) {
  Cx r = cmul_exp(a, b);
  return r.re + r.im;
}
static Cx cx_scale(Cx z, double s) {
  Cx r = {z.re * s - z.im, z.im * s * s + z.re};
  return r;
}
static double cx_scale_sum(double s) {
  Cx z = {0.3, -0.8};
  Cx r = cx_scale(z, s);
  return r.re + r.im;
}
static V3 spherical(double r, double th) {
  V3 v = {r * sin(th) * cos(2 * th), r * sin(th) * sin(2 * th), r * cos(th)};
  return v;
}
static double spherical_sum(double r, double th) {
  V3 v = spherical(r, th);
  return v.x + v.y + v.z;
}
static double A = 0.4, B = 0.7;
static double sum_a(double a) { return cmul_sum(a, B); }
static double sum_b(double b) { return cmul_sum(A, b); }
static double sph_r(double r) { return spherical_sum(r, B); }
static double sph_t(double t) { return spherical_sum(A, t); }
static double re_a(double a) { return cmul_exp(a, B).re; }
static double im_b(double b) { return cmul_exp(A, b).im; }

int main(void) {
  G2 g = __enzyme_autodiff_g2((void *)cmul_exp, A, B);
  CHECK("struct return {re, im}: d(re+im)/da", g.da, ck_fd1(sum_a, A));
  CHECK("struct return {re, im}: d(re+im)/db", g.db, ck_fd1(sum_b, B));
  /* a {double, double} by value is two double parameters in LLVM: three gradients */
  Cx z = {0.3, -0.8};
  G3 gz = __enzyme_autodiff_g3((void *)cx_scale, z, 1.3);
  CHECK("struct by value and returned: d/ds", gz.ds, ck_fd1(cx_scale_sum, 1.3));
  CHECK("struct by value and returned: d/dre", gz.dre, 1.3 + 1.0);
  CHECK("struct by value and returned: d/dim", gz.dim, -1.0 + 1.3 * 1.3);
  G2 s = __enzyme_autodiff_g2((void *)spherical, A, B);
  CHECK("sret struct of three: d(x+y+z)/dr", s.da, ck_fd1(sph_r, A));
  CHECK("sret struct of three: d(x+y+z)/dth", s.db, ck_fd1(sph_t, B));
  Cx ta = __enzyme_fwddiff_cx((void *)cmul_exp, A, 1.0, B, 0.0);
  CHECK("forward struct tangent: dre/da", ta.re, ck_fd1(re_a, A));
  Cx tb = __enzyme_fwddiff_cx((void *)cmul_exp, A, 0.0, B, 1.0);
  CHECK("forward struct tangent: dim/db", tb.im, ck_fd1(im_b, B));
  return ck_done();
}
