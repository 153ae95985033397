// TEST: functions returning small structs of active floats: a {double, double} result seeded with 1.0 in each field (ABI §4.3: gradient of the sum of fields) with enzyme_out scalars and an enzyme_dupnoneed output buffer next to it, a {float, float} result (clang's <2 x float>) with float enzyme_out arguments, a {double, double, double} result returned through sret by a helper called inside the differentiated function; checked against finite differences and against forward mode (dot-product test, the forward tangent being the struct of tangents)
#include "include/ck_array.h"

typedef struct {
  double re, im;
} cd;
typedef struct {
  float u, v;
} f2;
typedef struct {
  double x, y, z;
} v3;

#define N 5

/* a rotation-scaling of (a, b) with a side buffer the caller does not need */
__attribute__((noinline)) cd rot(double a, double b, double t, double *scratch, int n) {
  double c = cos(t), s = sin(t);
  double acc = 0.0;
  for (int i = 0; i < n; i++) {
    scratch[i] = a * (i + 1) - b * b * 0.1 * i;
    acc += scratch[i] * scratch[i];
  }
  cd r = {a * c - b * s + 0.01 * acc, a * s + b * c * sqrt(1.0 + 0.01 * acc)};
  return r;
}

__attribute__((noinline)) f2 polar(float r, float th) {
  f2 o = {r * cosf(th), r * sinf(th) + 0.5f * r * r};
  return o;
}

__attribute__((noinline)) v3 cross(v3 a, v3 b) {
  v3 o = {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
  return o;
}
/* a struct result made from an sret helper */
__attribute__((noinline)) cd torque(const double *p) {
  v3 a = {p[0], p[1], p[2]}, b = {p[3], p[4], p[5]};
  v3 c = cross(a, b);
  cd r = {c.x * c.x + c.y, c.z * p[0] - c.y * c.x};
  return r;
}

typedef struct {
  double da, db, dt;
} G3;
typedef struct {
  float dr, dth;
} GF2;

G3 __enzyme_autodiff_rot(void *, int, double, int, double, int, double, int, double *, double *, int, int)
    __asm__("__enzyme_autodiff");
cd __enzyme_fwddiff_rot(void *, double, double, double, double, double, double, int, double *, double *, int, int)
    __asm__("__enzyme_fwddiff");
GF2 __enzyme_autodiff_polar(void *, int, float, int, float) __asm__("__enzyme_autodiff");
f2 __enzyme_fwddiff_polar(void *, float, float, float, float) __asm__("__enzyme_fwddiff");
void __enzyme_autodiff_torque(void *, int, const double *, double *) __asm__("__enzyme_autodiff");
cd __enzyme_fwddiff_torque(void *, int, const double *, const double *) __asm__("__enzyme_fwddiff");

static double rot_sum(double *x) {
  double s[N];
  cd r = rot(x[0], x[1], x[2], s, N);
  return r.re + r.im;
}
static double polar_sum(double *x) {
  /* double reference of the float kernel */
  double r = x[0], th = x[1];
  return r * cos(th) + r * sin(th) + 0.5 * r * r;
}
static double torque_sum(double *x) {
  cd r = torque(x);
  return r.re + r.im;
}

int main(void) {
  double x[3] = {0.8, -0.6, 0.35};
  double scratch[N], dscratch[N];
  memset(dscratch, 0, sizeof dscratch);
  G3 g = __enzyme_autodiff_rot((void *)rot, enzyme_out, x[0], enzyme_out, x[1], enzyme_out, x[2], enzyme_dupnoneed,
                               scratch, dscratch, enzyme_const, N);
  double gr[3] = {g.da, g.db, g.dt};
  ck_gradient("rot {re,im} seeded 1,1", gr, rot_sum, x, 3);
  for (int i = 0; i < N; i++) CHECK("rot scratch shadow left zero", dscratch[i], 0.0);

  /* forward: tangent struct; the dot-product test with w = (1, 1) */
  double v[3] = {0.3, -1.2, 0.7};
  memset(dscratch, 0, sizeof dscratch);
  cd t = __enzyme_fwddiff_rot((void *)rot, x[0], v[0], x[1], v[1], x[2], v[2], enzyme_dup, scratch, dscratch,
                              enzyme_const, N);
  double w[2] = {1.0, 1.0}, jv[2] = {t.re, t.im};
  ck_dot_test("rot fwd vs rev", w, jv, 2, gr, v, 3);

  /* floats: {float, float} result and float enzyme_out arguments */
  float r0 = 1.3f, th0 = 0.45f;
  double xp[2] = {r0, th0};
  GF2 gp = __enzyme_autodiff_polar((void *)polar, enzyme_out, r0, enzyme_out, th0);
  double gpd[2] = {gp.dr, gp.dth};
  char lab[64];
  for (int i = 0; i < 2; i++) {
    snprintf(lab, sizeof lab, "polar {u,v} seeded 1,1: d/dx[%d]", i);
    CHECK_F32(lab, gpd[i], ck_fd_partial(polar_sum, xp, i));
  }
  f2 tp = __enzyme_fwddiff_polar((void *)polar, r0, 0.5f, th0, -2.0f);
  double vp[2] = {0.5, -2.0}, jvp[2] = {tp.u, tp.v};
  snprintf(lab, sizeof lab, "polar fwd vs rev");
  CHECK_F32(lab, ck_dot(w, jvp, 2), ck_dot(gpd, vp, 2));

  /* an sret helper inside */
  double p[6] = {0.4, -1.1, 0.9, 1.7, 0.2, -0.5}, dp[6] = {0};
  __enzyme_autodiff_torque((void *)torque, enzyme_dup, p, dp);
  ck_gradient("torque via sret cross", dp, torque_sum, p, 6);
  double vt[6] = {0.1, 0.2, -0.3, 0.4, -0.5, 0.6};
  cd tt = __enzyme_fwddiff_torque((void *)torque, enzyme_dup, p, vt);
  double jvt[2] = {tt.re, tt.im};
  ck_dot_test("torque fwd vs rev", w, jvt, 2, dp, vt, 6);
  return ck_done();
}
