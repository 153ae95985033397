// TEST: float functions at enzyme_width 1/2/3/5/7/16: bare float, {float,float} (<2 x float>), {float,float,float}, {float p; float d[N]} with primal_return, sret arrays
#include "include/catalase_check.h"

typedef struct { float a, b; } ff2;
typedef struct { float a, b, c; } ff3;
typedef struct { float d[5]; } f5;
typedef struct { float d[7]; } f7;
typedef struct { float d[16]; } f16;
typedef struct { float p; float d[2]; } pf2;
typedef struct { float p; float d[5]; } pf5;
typedef struct { float p; float d[16]; } pf16;
float __enzyme_fwddiff_f(void *, ...);
ff2 __enzyme_fwddiff_ff2(void *, ...);
ff3 __enzyme_fwddiff_ff3(void *, ...);
f5 __enzyme_fwddiff_f5(void *, ...);
f7 __enzyme_fwddiff_f7(void *, ...);
f16 __enzyme_fwddiff_f16(void *, ...);
pf2 __enzyme_fwddiff_pf2(void *, ...);
pf5 __enzyme_fwddiff_pf5(void *, ...);
pf16 __enzyme_fwddiff_pf16(void *, ...);

/* Pointer argument keeps floats un-promoted. */
static float g(const float *x) { return x[0] * sinf(x[1]) + x[1] * x[1] * 0.5f + expf(0.2f * x[0]); }
static double g_twin(const double *x) { return x[0] * sin(x[1]) + x[1] * x[1] * 0.5 + exp(0.2 * x[0]); }
static float X[2] = {0.9f, -0.6f};
static double DIR[2];
static double along(double t) {
  double x[2] = {X[0] + t * DIR[0], X[1] + t * DIR[1]};
  return g_twin(x);
}
static float D[16][2];
static double lane_fd(int v) {
  DIR[0] = D[v][0]; DIR[1] = D[v][1];
  return ck_fd1(along, 0.0);
}
static void check_lanes(const char *tag, const float *d, int n) {
  char name[64];
  for (int v = 0; v < n; v++) {
    snprintf(name, sizeof name, "%s lane%d", tag, v);
    CHECK_F32(name, d[v], lane_fd(v));
  }
}

int main(void) {
  for (int v = 0; v < 16; v++) { D[v][0] = (float)cos(0.3 * v); D[v][1] = (float)sin(0.3 * v); }
  float r = __enzyme_fwddiff_f((void *)g, enzyme_width, 1, X, D[0]);
  check_lanes("width1 float", &r, 1);
  ff2 a = __enzyme_fwddiff_ff2((void *)g, enzyme_width, 2, X, D[0], D[1]);
  float av[2] = {a.a, a.b};
  check_lanes("width2 {float,float}", av, 2);
  ff3 b = __enzyme_fwddiff_ff3((void *)g, enzyme_width, 3, X, D[0], D[1], D[2]);
  float bv[3] = {b.a, b.b, b.c};
  check_lanes("width3 {float,float,float}", bv, 3);
  f5 c = __enzyme_fwddiff_f5((void *)g, enzyme_width, 5, X, D[0], D[1], D[2], D[3], D[4]);
  check_lanes("width5 {float d[5]}", c.d, 5);
  f7 e = __enzyme_fwddiff_f7((void *)g, enzyme_width, 7, X, D[0], D[1], D[2], D[3], D[4], D[5], D[6]);
  check_lanes("width7 {float d[7]}", e.d, 7);
  f16 h = __enzyme_fwddiff_f16((void *)g, enzyme_width, 16, X, D[0], D[1], D[2], D[3], D[4], D[5], D[6], D[7],
                               D[8], D[9], D[10], D[11], D[12], D[13], D[14], D[15]);
  check_lanes("width16 {float d[16]}", h.d, 16);
  /* primal_return: {primal, tangent} for width 1 is {float,float} = <2 x float> */
  ff2 p1 = __enzyme_fwddiff_ff2((void *)g, enzyme_primal_return, X, D[3]);
  CHECK_PRIMAL("width1 primal_return primal", p1.a, g(X));
  CHECK_F32("width1 primal_return tangent", p1.b, lane_fd(3));
  pf2 p2 = __enzyme_fwddiff_pf2((void *)g, enzyme_width, 2, enzyme_primal_return, X, D[0], D[1]);
  CHECK_PRIMAL("width2 primal_return primal", p2.p, g(X));
  check_lanes("width2 {p,d[2]}", p2.d, 2);
  pf5 p5 = __enzyme_fwddiff_pf5((void *)g, enzyme_primal_return, enzyme_width, 5, X, D[0], D[1], D[2], D[3], D[4]);
  CHECK_PRIMAL("width5 primal_return primal", p5.p, g(X));
  check_lanes("width5 {p,d[5]}", p5.d, 5);
  pf16 p16 = __enzyme_fwddiff_pf16((void *)g, X, D[0], D[1], D[2], D[3], D[4], D[5], D[6], D[7],
                                   D[8], D[9], D[10], D[11], D[12], D[13], D[14], D[15], enzyme_primal_return, enzyme_width, 16);
  CHECK_PRIMAL("width16 primal_return primal", p16.p, g(X));
  check_lanes("width16 {p,d[16]}", p16.d, 16);
  return ck_done();
}
