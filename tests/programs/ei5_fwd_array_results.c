// TEST: __enzyme_fwddiff of functions returning aggregates that hold arrays: struct {double v[3];} returned by value (sret), struct {double v[2];} (two doubles in registers), struct {float v[4];} (two <2 x float>), with enzyme_dupnoneed on an output buffer next to the return, with enzyme_primal_return (struct of the primal and tangent structs), and a reverse __enzyme_autodiff of a wrapper that sums the fields; against finite differences of each field
#include "include/ck_array.h"

typedef struct {
  double v[3];
} r3;
typedef struct {
  double v[2];
} r2;
typedef struct {
  float v[4];
} f4;
typedef struct {
  r3 p, d;
} r3pd;
r3 __enzyme_fwddiff_r3(void *, ...) __asm__("__enzyme_fwddiff");
r3pd __enzyme_fwddiff_r3pd(void *, ...) __asm__("__enzyme_fwddiff");
r2 __enzyme_fwddiff_r2(void *, ...) __asm__("__enzyme_fwddiff");
f4 __enzyme_fwddiff_f4(void *, ...) __asm__("__enzyme_fwddiff");
double __enzyme_autodiff(void *, ...);

__attribute__((noinline)) r3 cross_sin(const double *a, double *scratch, double s) {
  double b[3] = {sin(a[0]), cos(a[1]), a[2] * s};
  r3 r;
  r.v[0] = a[1] * b[2] - a[2] * b[1];
  r.v[1] = a[2] * b[0] - a[0] * b[2];
  r.v[2] = a[0] * b[1] - a[1] * b[0];
  for (int i = 0; i < 3; i++) scratch[i] = r.v[i] * r.v[i];
  return r;
}
__attribute__((noinline)) r2 polar(double rr, double th) {
  r2 o = {{rr * cos(th), rr * sin(th)}};
  return o;
}
__attribute__((noinline)) f4 quad(const float *x) {
  f4 o;
  for (int i = 0; i < 4; i++) o.v[i] = x[i] * x[(i + 1) % 4] + sinf(x[i]);
  return o;
}
static int fi;
static double A0[3] = {0.4, -1.1, 0.8};
static double o_cs(double *a) {
  double s[3];
  return cross_sin(a, s, 1.7).v[fi];
}
static double o_sc(double *a) {
  double s[3];
  cross_sin(a, s, 1.7);
  return s[fi];
}
static double o_polar(double *p) { return polar(p[0], p[1]).v[fi]; }
static double o_quad(double *x) {
  double r = 0.0;
  r = x[fi] * x[(fi + 1) % 4] + sin(x[fi]);
  return r;
}
__attribute__((noinline)) double sum_cs(const double *a) {
  double s[3];
  r3 r = cross_sin(a, s, 1.7);
  return r.v[0] + 2.0 * r.v[1] + 3.0 * r.v[2] + s[1];
}
static double o_sum(double *a) { return sum_cs(a); }

int main(void) {
  double a[3] = {0.4, -1.1, 0.8}, va[3] = {1.0, 0.5, -0.7}, sc[3], dsc[3] = {0};
  r3 t = __enzyme_fwddiff_r3((void *)cross_sin, enzyme_dup, a, va, enzyme_dupnoneed, sc, dsc, enzyme_const, 1.7);
  char lab[80];
  for (fi = 0; fi < 3; fi++) {
    double g[3];
    for (int j = 0; j < 3; j++) g[j] = ck_fd_partial(o_cs, a, j);
    snprintf(lab, sizeof lab, "sret r3 tangent[%d]", fi);
    CHECK(lab, t.v[fi], ck_dot(g, va, 3));
    for (int j = 0; j < 3; j++) g[j] = ck_fd_partial(o_sc, a, j);
    snprintf(lab, sizeof lab, "dupnoneed scratch tangent[%d]", fi);
    CHECK(lab, dsc[fi], ck_dot(g, va, 3));
  }
  r3pd pd = __enzyme_fwddiff_r3pd((void *)cross_sin, enzyme_primal_return, enzyme_dup, a, va, enzyme_dup, sc, dsc, enzyme_const, 1.7);
  double s2[3];
  r3 pr = cross_sin(a, s2, 1.7);
  for (int i = 0; i < 3; i++) {
    CHECK_PRIMAL("primal_return r3 primal", pd.p.v[i], pr.v[i]);
    CHECK("primal_return r3 tangent", pd.d.v[i], t.v[i]);
  }
  double p[2] = {1.3, 0.7};
  r2 tp = __enzyme_fwddiff_r2((void *)polar, p[0], 0.4, p[1], -1.2);
  for (fi = 0; fi < 2; fi++) {
    double g[2] = {ck_fd_partial(o_polar, p, 0), ck_fd_partial(o_polar, p, 1)};
    snprintf(lab, sizeof lab, "r2 polar tangent[%d]", fi);
    CHECK(lab, tp.v[fi], 0.4 * g[0] - 1.2 * g[1]);
  }
  float xf[4] = {0.3f, -0.6f, 0.9f, 0.2f}, vf[4] = {1.0f, 0.5f, -0.25f, 0.75f};
  double xd[4] = {0.3f, -0.6f, 0.9f, 0.2f};
  f4 tq = __enzyme_fwddiff_f4((void *)quad, enzyme_dup, xf, vf);
  for (fi = 0; fi < 4; fi++) {
    double g = 0.0;
    for (int j = 0; j < 4; j++) g += ck_fd_partial(o_quad, xd, j) * vf[j];
    snprintf(lab, sizeof lab, "f4 tangent[%d]", fi);
    CHECK_F32(lab, tq.v[fi], g);
  }
  double da[3] = {0};
  __enzyme_autodiff((void *)sum_cs, enzyme_dup, a, da);
  ck_gradient("sum of sret fields", da, o_sum, a, 3);
  return ck_done();
}
