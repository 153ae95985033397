// TEST: split mode on functions that return a small struct of floats by value: __enzyme_augmentfwd returns { tape, struct }, and __enzyme_reverse takes the differential return as the C struct itself, which clang passes through `...` in pieces ({double, double} as two doubles, {float, float} as <2 x float>, three floats as <2 x float> and a float, a double and two floats, struct { double d[2]; }) or, here, as a pointer to it; combined mode seeding every field of { <2 x float>, float }; batched at width 2, one seed struct per lane in pieces; also with a caller tape, with enzyme_nofree reversed twice, and with a const struct argument; against finite differences of the seeded sum of the fields
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

typedef struct { double a, b; } V2;
typedef struct { float a, b; } F2;
typedef struct { float a, b, c; } F3;
typedef struct { double w; float u, v; } Mixed;
typedef struct { double d[2]; } Arr2;

__attribute__((noinline)) V2 rot(V2 p, double t) {
  V2 r = {p.a * cos(t) - p.b * sin(t), p.a * sin(t) + p.b * cos(t)};
  return r;
}
__attribute__((noinline)) F2 fpair(float x, float y) {
  F2 r = {x * y + sinf(x), expf(0.5f * y) - x};
  return r;
}
__attribute__((noinline)) F3 ftriple(const float *x) {
  F3 r = {x[0] * x[1], x[1] * x[2] + cosf(x[0]), x[2] * x[2] - x[0]};
  return r;
}
__attribute__((noinline)) Mixed mixed(double s, const double *x) {
  Mixed r = {s * x[0] * x[1], (float)(sin(s) * x[1]), (float)(x[0] + s * s)};
  return r;
}
__attribute__((noinline)) Arr2 arr2(double s, V2 p) {
  Arr2 r = {{p.a * exp(0.3 * s), p.b * s + p.a * p.a}};
  return r;
}

typedef struct { void *tape; V2 r; } AugV2;
typedef struct { void *tape; F2 r; } AugF2;
typedef struct { void *tape; F3 r; } AugF3;
typedef struct { void *tape; Mixed r; } AugMixed;
typedef struct { void *tape; Arr2 r; } AugArr2;
typedef struct { double g0, g1, g2; } G3;
typedef struct { float g0, g1; } GF2;
AugV2 __enzyme_augmentfwd_v2(void *, ...);
AugF2 __enzyme_augmentfwd_f2(void *, ...);
AugF3 __enzyme_augmentfwd_f3(void *, ...);
AugMixed __enzyme_augmentfwd_mixed(void *, ...);
AugArr2 __enzyme_augmentfwd_arr2(void *, ...);
V2 __enzyme_augmentfwd_v2_caller(void *, ...);
G3 __enzyme_reverse_g3(void *, ...);
GF2 __enzyme_reverse_gf2(void *, ...);
double __enzyme_reverse(void *, ...);
double __enzyme_autodiff(void *, ...);
extern int enzyme_width;
/* Gradients of enzyme_out arguments at width 2: each argument's two lanes. */
typedef struct { double a0, a1, b0, b1, t0, t1; } GW2;
GW2 __enzyme_reverse_gw2(void *, ...);

/* Float gradients against the double twin's finite differences. */
static void ck_gradient_f32(const char *what, const double *grad, ck_objective F, double *x, int n) {
  char label[160];
  for (int i = 0; i < n; i++) {
    snprintf(label, sizeof label, "%s: d/dx[%d]", what, i);
    CHECK_F32(label, grad[i], ck_fd_partial(F, x, i));
  }
}

static const V2 P0 = {0.4, 0.7};
static const double T0 = 0.3;
static const V2 W2 = {1.0, -2.0};
/* Objectives: the fields seeded with W2 (or the float seeds below). */
static double F_rot(double *x) { V2 p = {x[0], x[1]}; V2 r = rot(p, x[2]); return W2.a * r.a + W2.b * r.b; }
static const float FX0 = 0.6f, FY0 = -0.9f;
static const F2 WF2 = {0.5f, 1.5f};
static double F_fpair(double *x) {
  double a = x[0] * x[1] + sin(x[0]), b = exp(0.5 * x[1]) - x[0];
  return WF2.a * a + WF2.b * b;
}
static const float FT0[3] = {0.8f, -0.3f, 0.5f};
static const F3 WF3 = {1.25f, -0.75f, 0.5f};
static double F_ftriple(double *x) {
  return WF3.a * x[0] * x[1] + WF3.b * (x[1] * x[2] + cos(x[0])) + WF3.c * (x[2] * x[2] - x[0]);
}
static double F_ftriple_sum(double *x) {
  return x[0] * x[1] + (x[1] * x[2] + cos(x[0])) + (x[2] * x[2] - x[0]);
}
static const Mixed WM = {0.5, -1.5f, 2.0f};
static double F_mixed(double *x) {
  return WM.w * x[0] * x[1] * x[2] + WM.u * sin(x[2]) * x[1] + WM.v * (x[0] + x[2] * x[2]);
}
static const Arr2 WA = {{0.75, -1.25}};
static double F_arr2(double *x) { return WA.d[0] * x[1] * exp(0.3 * x[0]) + WA.d[1] * (x[2] * x[0] + x[1] * x[1]); }

int main(void) {
  /* {double, double}: the seed passes as two doubles. */
  double x[3] = {P0.a, P0.b, T0};
  AugV2 a = __enzyme_augmentfwd_v2((void *)rot, P0, T0);
  V2 want = rot(P0, T0);
  CHECK_PRIMAL("rot: primal a", a.r.a, want.a);
  CHECK_PRIMAL("rot: primal b", a.r.b, want.b);
  G3 g = __enzyme_reverse_g3((void *)rot, P0, T0, W2, a.tape);
  double gv[3] = {g.g0, g.g1, g.g2};
  ck_gradient("rot, seed as two doubles", gv, F_rot, x, 3);

  /* Seed through a pointer to the struct. */
  a = __enzyme_augmentfwd_v2((void *)rot, P0, T0);
  g = __enzyme_reverse_g3((void *)rot, P0, T0, &W2, a.tape);
  double gp[3] = {g.g0, g.g1, g.g2};
  ck_gradient("rot, seed by pointer", gp, F_rot, x, 3);

  /* enzyme_nofree: reversed twice with two seeds, the second frees. */
  a = __enzyme_augmentfwd_v2((void *)rot, P0, T0);
  G3 g1 = __enzyme_reverse_g3((void *)rot, enzyme_nofree, P0, T0, W2, a.tape);
  V2 w3 = {3.0 * W2.a, 3.0 * W2.b};
  G3 g2 = __enzyme_reverse_g3((void *)rot, P0, T0, w3, a.tape);
  double gn[3] = {(g1.g0 + g2.g0) / 4.0, (g1.g1 + g2.g1) / 4.0, (g1.g2 + g2.g2) / 4.0};
  ck_gradient("rot, nofree: (seed + 3 seed) / 4", gn, F_rot, x, 3);

  /* A caller tape. */
  char buf[64] __attribute__((aligned(16)));
  int size = __enzyme_augmentsize((void *)rot, enzyme_out, enzyme_const);
  CHECK_PRIMAL("rot: caller tape fits", size <= (int)sizeof buf, 1);
  V2 pr = __enzyme_augmentfwd_v2_caller((void *)rot, P0, enzyme_const, T0, enzyme_allocated, size, enzyme_tape, buf);
  CHECK_PRIMAL("rot, caller tape: primal b", pr.b, want.b);
  double dt = __enzyme_reverse((void *)rot, P0, enzyme_const, T0, W2, enzyme_allocated, size, enzyme_tape, buf);
  CHECK("rot, caller tape, const t: d/dp.a", dt, ck_fd_partial(F_rot, x, 0));

  /* {float, float}: the seed passes as <2 x float>. */
  double xf[2] = {FX0, FY0};
  AugF2 af = __enzyme_augmentfwd_f2((void *)fpair, FX0, FY0);
  GF2 gf = __enzyme_reverse_gf2((void *)fpair, FX0, FY0, WF2, af.tape);
  double gfv[2] = {gf.g0, gf.g1};
  ck_gradient_f32("fpair, seed as <2 x float>", gfv, F_fpair, xf, 2);

  /* Three floats: <2 x float> then a float; gradients into a dup array. */
  float xt[3], dxt[3] = {0};
  memcpy(xt, FT0, sizeof xt);
  AugF3 at = __enzyme_augmentfwd_f3((void *)ftriple, enzyme_dup, xt, dxt);
  __enzyme_reverse((void *)ftriple, enzyme_dup, xt, dxt, WF3, at.tape);
  double xtd[3] = {FT0[0], FT0[1], FT0[2]}, gt[3] = {dxt[0], dxt[1], dxt[2]};
  ck_gradient_f32("ftriple, seed as <2 x float>, float", gt, F_ftriple, xtd, 3);

  /* Combined mode seeds every field of { <2 x float>, float } with 1. */
  float dxc[3] = {0};
  __enzyme_autodiff((void *)ftriple, enzyme_dup, xt, dxc);
  double gc[3] = {dxc[0], dxc[1], dxc[2]};
  ck_gradient_f32("ftriple, combined, every field seeded", gc, F_ftriple_sum, xtd, 3);

  /* A double and two floats: a double then <2 x float>. */
  double xm[2] = {0.7, -0.45}, dxm[2] = {0};
  AugMixed am = __enzyme_augmentfwd_mixed((void *)mixed, 1.1, enzyme_dup, xm, dxm);
  double ds = __enzyme_reverse((void *)mixed, 1.1, enzyme_dup, xm, dxm, WM, am.tape);
  double xmall[3] = {xm[0], xm[1], 1.1}, gm[3] = {dxm[0], dxm[1], ds};
  ck_gradient_f32("mixed, seed as double, <2 x float>", gm, F_mixed, xmall, 3);

  /* struct { double d[2]; }: two doubles. */
  double xa[3] = {0.2, P0.a, P0.b};
  AugArr2 aa = __enzyme_augmentfwd_arr2((void *)arr2, xa[0], P0);
  G3 ga = __enzyme_reverse_g3((void *)arr2, xa[0], P0, WA, aa.tape);
  double gav[3] = {ga.g0, ga.g1, ga.g2};
  ck_gradient("arr2, seed as two doubles", gav, F_arr2, xa, 3);
  /* Batched: one seed struct per lane, each passed in pieces. */
  AugV2 ab = __enzyme_augmentfwd_v2((void *)rot, enzyme_width, 2, P0, T0);
  V2 s1 = {0.0, 1.0};
  GW2 gw = __enzyme_reverse_gw2((void *)rot, enzyme_width, 2, P0, T0, W2, s1, ab.tape);
  double l0[3] = {gw.a0, gw.b0, gw.t0};
  ck_gradient("rot width 2, lane 0 (seed W2)", l0, F_rot, x, 3);
  double l1[3] = {gw.a1, gw.b1, gw.t1};
  CHECK("rot width 2, lane 1: d/dp.a", l1[0], sin(T0));
  CHECK("rot width 2, lane 1: d/dp.b", l1[1], cos(T0));
  CHECK("rot width 2, lane 1: d/dt", l1[2], P0.a * cos(T0) - P0.b * sin(T0));

  float d0[3] = {0}, d1[3] = {0};
  AugF3 atb = __enzyme_augmentfwd_f3((void *)ftriple, enzyme_width, 2, enzyme_dup, xt, d0, d1);
  F3 twice = {2.0f * WF3.a, 2.0f * WF3.b, 2.0f * WF3.c};
  __enzyme_reverse((void *)ftriple, enzyme_width, 2, enzyme_dup, xt, d0, d1, WF3, twice, atb.tape);
  double h0[3] = {d0[0], d0[1], d0[2]}, h1[3] = {0.5 * d1[0], 0.5 * d1[1], 0.5 * d1[2]};
  ck_gradient_f32("ftriple width 2, lane 0", h0, F_ftriple, xtd, 3);
  ck_gradient_f32("ftriple width 2, lane 1 halved", h1, F_ftriple, xtd, 3);
  return ck_done();
}
