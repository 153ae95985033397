// TEST: structs passed by value as active arguments, in the shapes clang lowers them to: {double, double} (two doubles), {float, float} (<2 x float>), {double, int} (a double and an int), {float, float, float} ({<2 x float>, float}), a 32-byte struct passed as a byval pointer (forward mode only: reverse mode refuses it, its shadow being a copy); reverse mode with the gradient of each returned in a struct (enzyme_out), forward mode with tangent structs, against finite differences and the dot-product test
#include "include/ck_array.h"

typedef struct {
  double re, im;
} cd;
typedef struct {
  float u, v;
} f2;
typedef struct {
  double w;
  int k;
} dk;
typedef struct {
  float x, y, z;
} f3;
typedef struct {
  double a, b, c, d;
} big;

__attribute__((noinline)) double use_cd(cd z, double t) { return z.re * z.re - z.im * t + sin(z.im * z.re); }
__attribute__((noinline)) float use_f2(f2 p, float s) { return p.u * p.v * s + cosf(p.u) - p.v * p.v; }
__attribute__((noinline)) double use_dk(dk a, double t) { return a.w * a.k * t + exp(0.1 * a.w); }
__attribute__((noinline)) float use_f3(f3 p) { return p.x * p.y + p.y * p.z * 2.0f + sinf(p.z * p.x); }
__attribute__((noinline)) double use_big(big q, double t) { return q.a * q.b + q.c * t * q.d + log(1.0 + q.a * q.a); }

typedef struct {
  cd dz;
  double dt;
} g_cd;
typedef struct {
  f2 dp;
  float ds;
} g_f2;
/* dk is lowered to (double, int): only the double has a gradient, so the result is two doubles */
typedef struct {
  double dw;
  double dt;
} g_dk;
g_cd __enzyme_autodiff_cd(void *, cd, double) __asm__("__enzyme_autodiff");
g_f2 __enzyme_autodiff_f2(void *, f2, float) __asm__("__enzyme_autodiff");
g_dk __enzyme_autodiff_dk(void *, dk, double) __asm__("__enzyme_autodiff");
f3 __enzyme_autodiff_f3(void *, f3) __asm__("__enzyme_autodiff");
/* reverse mode refuses a byval struct (its shadow would be a copy); forward mode reads the tangent */
double __enzyme_fwddiff_big(void *, big, big, int, double) __asm__("__enzyme_fwddiff");
/* cd is lowered to two doubles, each followed by its tangent in forward mode */
double __enzyme_fwddiff_cd(void *, double, double, double, double, double, double) __asm__("__enzyme_fwddiff");
float __enzyme_fwddiff_f2(void *, f2, f2, float, float) __asm__("__enzyme_fwddiff");
/* f3 is lowered to (<2 x float>, float): its tangent follows each part (one f3 then its tangent f3
   would pair the <2 x float> with a float, which is refused as a calling error) */
float __enzyme_fwddiff_f3(void *, f2, f2, float, float) __asm__("__enzyme_fwddiff");

static double r_cd(double *x) { return use_cd((cd){x[0], x[1]}, x[2]); }
static double r_f2(double *x) { return x[0] * x[1] * x[2] + cos(x[0]) - x[1] * x[1]; }
static double r_dk(double *x) { return use_dk((dk){x[0], 3}, x[1]); }
static double r_f3(double *x) { return x[0] * x[1] + x[1] * x[2] * 2.0 + sin(x[2] * x[0]); }
static double r_big(double *x) { return use_big((big){x[0], x[1], x[2], x[3]}, 0.7); }

int main(void) {
  char lab[64];
  double x[3] = {0.6, -1.1, 0.45};
  g_cd gc = __enzyme_autodiff_cd((void *)use_cd, (cd){x[0], x[1]}, x[2]);
  double gcd[3] = {gc.dz.re, gc.dz.im, gc.dt};
  ck_gradient("by value {double,double}", gcd, r_cd, x, 3);
  double v[3] = {0.3, 0.5, -0.9};
  double jc = __enzyme_fwddiff_cd((void *)use_cd, x[0], v[0], x[1], v[1], x[2], v[2]);
  CHECK("by value {double,double} fwd vs rev", jc, ck_dot(gcd, v, 3));

  float a = 0.7f, b = -0.4f, s = 1.3f;
  double xf[3] = {a, b, s};
  g_f2 gf = __enzyme_autodiff_f2((void *)use_f2, (f2){a, b}, s);
  double gfd[3] = {gf.dp.u, gf.dp.v, gf.ds};
  for (int i = 0; i < 3; i++) {
    snprintf(lab, sizeof lab, "by value {float,float}: d/dx[%d]", i);
    CHECK_F32(lab, gfd[i], ck_fd_partial(r_f2, xf, i));
  }
  float jf = __enzyme_fwddiff_f2((void *)use_f2, (f2){a, b}, (f2){0.3f, 0.5f}, s, -0.9f);
  CHECK_F32("by value {float,float} fwd vs rev", jf, ck_dot(gfd, v, 3));

  double xd[2] = {0.8, -0.35};
  g_dk gk = __enzyme_autodiff_dk((void *)use_dk, (dk){xd[0], 3}, xd[1]);
  double gkd[2] = {gk.dw, gk.dt};
  ck_gradient("by value {double,int}", gkd, r_dk, xd, 2);

  double x3[3] = {0.5, -0.75, 1.25};
  f3 g3 = __enzyme_autodiff_f3((void *)use_f3, (f3){0.5f, -0.75f, 1.25f});
  double g3d[3] = {g3.x, g3.y, g3.z};
  for (int i = 0; i < 3; i++) {
    snprintf(lab, sizeof lab, "by value {float,float,float}: d/dx[%d]", i);
    CHECK_F32(lab, g3d[i], ck_fd_partial(r_f3, x3, i));
  }
  float j3 = __enzyme_fwddiff_f3((void *)use_f3, (f2){0.5f, -0.75f}, (f2){0.3f, 0.5f}, 1.25f, -0.9f);
  CHECK_F32("by value {float,float,float} fwd vs rev", j3, ck_dot(g3d, v, 3));

  big q = {0.4, -0.9, 1.3, 0.2};
  double xb[4] = {q.a, q.b, q.c, q.d};
  for (int i = 0; i < 4; i++) {
    big dq = {i == 0, i == 1, i == 2, i == 3};
    snprintf(lab, sizeof lab, "byval 32 bytes fwd: d/dx[%d]", i);
    CHECK(lab, __enzyme_fwddiff_big((void *)use_big, q, dq, enzyme_const, 0.7), ck_fd_partial(r_big, xb, i));
  }
  return ck_done();
}
