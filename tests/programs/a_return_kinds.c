// TEST: differentiated functions returning a pointer (the call yields the shadow pointer; with enzyme_primal_return {primal, shadow}), a struct of two doubles by value, a float, and void
#include "include/catalase_check.h"

void __enzyme_fwddiff_v(void *, ...);
float __enzyme_fwddiff_f(void *, ...);
typedef struct { double a, b; } pair;
pair __enzyme_fwddiff_pair(void *, ...);
double *__enzyme_fwddiff_p(void *, ...);
typedef struct { double *p, *d; } ptrpair;
ptrpair __enzyme_fwddiff_pp(void *, ...);

/* returns a pointer into its argument after writing through it */
static double *advance(double *p, double x) {
  p[0] = p[0] * x;
  p[1] = sin(p[1] + x);
  return p + 1;
}
static pair polar(double r, double th) {
  pair o = {r * cos(th), r * sin(th)};
  return o;
}
static float fsq(float x, float y) { return x * x * y + sinf(y); }
float __enzyme_fwddiff_ft(void *, float, float, float, float);
static void vscale(double *v, double s) {
  for (int i = 0; i < 3; i++) v[i] = v[i] * s + s * s;
}

static int SEL;
static double along_adv(double t) {
  double p[2] = {1.2 + t, 0.4 - t};
  advance(p, 0.9 + 0.5 * t);
  return p[SEL];
}
static double along_polar(double t) { pair o = polar(1.5 + t, 0.6 + 2 * t); return SEL ? o.b : o.a; }
static double along_fsq(double t) { double x = 0.8 + t, y = -0.3 + t; return x * x * y + sin(y); }
static double along_vs(double t) {
  double v[3] = {1.0 + t, -2.0, 0.5 * t + 0.3};
  vscale(v, 1.7 - t);
  return v[SEL];
}

int main(void) {
  double p[2] = {1.2, 0.4}, dp[2] = {1.0, -1.0};
  double *rp = __enzyme_fwddiff_p((void *)advance, p, dp, 0.9, 0.5);
  /* A pointer return is duplicated by default: the call yields its shadow. */
  CHECK_PRIMAL("pointer return is the shadow dp+1", (double)(rp == dp + 1), 1.0);
  for (SEL = 0; SEL < 2; SEL++) CHECK("pointer-returning fn: dp", dp[SEL], ck_fd1(along_adv, 0.0));
  p[0] = 1.2; p[1] = 0.4; dp[0] = 1.0; dp[1] = -1.0;
  ptrpair pp = __enzyme_fwddiff_pp((void *)advance, enzyme_primal_return, p, dp, 0.9, 0.5);
  CHECK_PRIMAL("primal_return pointer: primal p+1", (double)(pp.p == p + 1), 1.0);
  CHECK_PRIMAL("primal_return pointer: shadow dp+1", (double)(pp.d == dp + 1), 1.0);
  for (SEL = 0; SEL < 2; SEL++) CHECK("primal_return pointer fn: dp", dp[SEL], ck_fd1(along_adv, 0.0));
  pair o = __enzyme_fwddiff_pair((void *)polar, 1.5, 1.0, 0.6, 2.0);
  SEL = 0; CHECK("struct {a,b} return: a", o.a, ck_fd1(along_polar, 0.0));
  SEL = 1; CHECK("struct {a,b} return: b", o.b, ck_fd1(along_polar, 0.0));
  float fr = __enzyme_fwddiff_ft((void *)fsq, 0.8f, 1.0f, -0.3f, 1.0f);
  CHECK_F32("float return", fr, ck_fd1(along_fsq, 0.0));
  double v[3] = {1.0, -2.0, 0.3}, dv[3] = {1.0, 0.0, 0.5};
  __enzyme_fwddiff_v((void *)vscale, v, dv, 1.7, -1.0);
  for (SEL = 0; SEL < 3; SEL++) CHECK("void return: dv", dv[SEL], ck_fd1(along_vs, 0.0));
  return ck_done();
}
