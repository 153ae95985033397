// TEST: enzyme_out on several scalar arguments of mixed position (between a dup array, a const int and a const pointer), gradients returned as structs of 3, 4 and 5 doubles (returned in memory, sret) and of 3 and 4 floats; enzyme_primal_return in front of five gradients
#include "include/ck_array.h"

typedef struct { double a, b, c; } G3;
typedef struct { double a, b, c, d; } G4;
typedef struct { double a, b, c, d, e; } G5;
typedef struct { double p, a, b, c, d, e; } P5;
typedef struct { float a, b, c; } F3;
typedef struct { float a, b, c, d; } F4;
G3 __enzyme_autodiff_g3(void *, ...);
G4 __enzyme_autodiff_g4(void *, ...);
G5 __enzyme_autodiff_g5(void *, ...);
P5 __enzyme_autodiff_p5(void *, ...);
F3 __enzyme_autodiff_f3(void *, ...);
F4 __enzyme_autodiff_f4(void *, ...);

static double f5(double a, double b, double c, double d, double e) {
  return a * b + sin(c) * d - e * e * a + exp(0.1 * b * e);
}
/* scalars around a dup array, a const int and a const pointer */
static double mixed(double a, double *x, int n, double b, const double *wt, double c) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += wt[i] * x[i] * (a + b * i);
  return s * c + a * b * c;
}
static float ff3(float x, float y, float z) { return x * y * z + sinf(x) - y / z; }
static double ff3d(double x, double y, double z) { return x * y * z + sin(x) - y / z; }
static float ff4(float x, float y, float z, float w) { return x * w + y * z * z - expf(w * 0.3f); }
static double ff4d(double x, double y, double z, double w) { return x * w + y * z * z - exp(w * 0.3); }

static double P[5] = {0.7, -0.3, 1.1, 0.4, 0.9};
static int WHICH;
static double f5_i(double t) {
  double q[5];
  for (int i = 0; i < 5; i++) q[i] = P[i];
  q[WHICH] = t;
  return f5(q[0], q[1], q[2], q[3], q[4]);
}
static double X[3] = {0.5, -0.2, 0.8};
static const double WT[3] = {1.0, 2.0, -0.5};
static double mixed_i(double t) {
  double q[3] = {P[0], P[1], P[2]};
  q[WHICH] = t;
  return mixed(q[0], X, 3, q[1], WT, q[2]);
}
static double ff3_i(double t) {
  double q[3] = {P[0], P[1], P[2]};
  q[WHICH] = t;
  return ff3d(q[0], q[1], q[2]);
}
static double ff4_i(double t) {
  double q[4] = {P[0], P[1], P[2], P[3]};
  q[WHICH] = t;
  return ff4d(q[0], q[1], q[2], q[3]);
}

int main(void) {
  G5 g = __enzyme_autodiff_g5((void *)f5, P[0], P[1], P[2], P[3], P[4]);
  double gs[5] = {g.a, g.b, g.c, g.d, g.e};
  for (WHICH = 0; WHICH < 5; WHICH++) CHECK("five scalars: gradient entry", gs[WHICH], ck_fd1(f5_i, P[WHICH]));
  P5 p = __enzyme_autodiff_p5((void *)f5, enzyme_primal_return, P[0], P[1], P[2], P[3], P[4]);
  CHECK_PRIMAL("primal return before five gradients", p.p, f5(P[0], P[1], P[2], P[3], P[4]));
  CHECK("primal return: d/de", p.e, g.e);
  CHECK("primal return: d/da", p.a, g.a);
  G4 g4 = __enzyme_autodiff_g4((void *)f5, P[0], enzyme_const, P[1], P[2], P[3], P[4]);
  CHECK("const in 2nd place: d/da", g4.a, g.a);
  CHECK("const in 2nd place: d/dc", g4.b, g.c);
  CHECK("const in 2nd place: d/de", g4.d, g.e);

  double dx[3] = {0};
  G3 m = __enzyme_autodiff_g3((void *)mixed, enzyme_out, P[0], enzyme_dup, X, dx, enzyme_const, 3, P[1], enzyme_const, WT, P[2]);
  double ms[3] = {m.a, m.b, m.c};
  for (WHICH = 0; WHICH < 3; WHICH++) CHECK("scalars around array/int/const: entry", ms[WHICH], ck_fd1(mixed_i, P[WHICH]));
  for (int i = 0; i < 3; i++) CHECK("scalars around array: d/dx[i]", dx[i], WT[i] * (P[0] + P[1] * i) * P[2]);

  F3 f = __enzyme_autodiff_f3((void *)ff3, (float)P[0], (float)P[1], (float)P[2]);
  float fs[3] = {f.a, f.b, f.c};
  for (WHICH = 0; WHICH < 3; WHICH++) CHECK_F32("three floats: entry", fs[WHICH], ck_fd1(ff3_i, (float)P[WHICH]));
  F4 f4 = __enzyme_autodiff_f4((void *)ff4, (float)P[0], (float)P[1], (float)P[2], (float)P[3]);
  float f4s[4] = {f4.a, f4.b, f4.c, f4.d};
  for (WHICH = 0; WHICH < 4; WHICH++) CHECK_F32("four floats: entry", f4s[WHICH], ck_fd1(ff4_i, (float)P[WHICH]));
  return ck_done();
}
