// TEST: forward mode returning structs: a function returning a struct of two doubles with enzyme_primal_return, width 2 and width 3 tangents of a scalar function declared as structs, and width 2 with primal return declared {double p; double d[2];}
#include "include/catalase_check.h"

typedef struct { double re, im; } cplx;
typedef struct { cplx p, d; } cplx_pd;
typedef struct { double d0, d1; } w2;
typedef struct { double d0, d1, d2; } w3;
typedef struct { double p; double d[2]; } pw2;
cplx_pd __enzyme_fwddiff_c(void *, ...);
w2 __enzyme_fwddiff_w2(void *, ...);
w3 __enzyme_fwddiff_w3(void *, ...);
pw2 __enzyme_fwddiff_pw2(void *, ...);

static cplx cmul_exp(double r, double th) {
  cplx o = {r * r * cos(th), exp(r) * sin(th)};
  return o;
}
static double g3(double x, double y, double z) { return x * sin(y) + y * z * z + exp(0.3 * x * z); }

static double R = 0.8, TH = 0.4, X = 0.5, Y = -0.7, Z = 1.1;
static int SEL;
static double along_c(double t) { cplx o = cmul_exp(R + t, TH - 2 * t); return SEL ? o.im : o.re; }
static double g_x(double t) { return g3(t, Y, Z); }
static double g_y(double t) { return g3(X, t, Z); }
static double g_z(double t) { return g3(X, Y, t); }

int main(void) {
  cplx_pd c = __enzyme_fwddiff_c((void *)cmul_exp, enzyme_primal_return, R, 1.0, TH, -2.0);
  cplx want = cmul_exp(R, TH);
  CHECK_PRIMAL("struct return primal re", c.p.re, want.re);
  CHECK_PRIMAL("struct return primal im", c.p.im, want.im);
  SEL = 0; CHECK("struct return tangent re", c.d.re, ck_fd1(along_c, 0.0));
  SEL = 1; CHECK("struct return tangent im", c.d.im, ck_fd1(along_c, 0.0));
  w2 a = __enzyme_fwddiff_w2((void *)g3, enzyme_width, 2, X, 1.0, 0.0, Y, 0.0, 1.0, Z, 0.0, 0.0);
  CHECK("width 2: lane 0 d/dx", a.d0, ck_fd1(g_x, X));
  CHECK("width 2: lane 1 d/dy", a.d1, ck_fd1(g_y, Y));
  w3 b = __enzyme_fwddiff_w3((void *)g3, enzyme_width, 3, X, 1.0, 0.0, 0.0, Y, 0.0, 1.0, 0.0, Z, 0.0, 0.0, 1.0);
  CHECK("width 3: lane 0 d/dx", b.d0, ck_fd1(g_x, X));
  CHECK("width 3: lane 1 d/dy", b.d1, ck_fd1(g_y, Y));
  CHECK("width 3: lane 2 d/dz", b.d2, ck_fd1(g_z, Z));
  pw2 p = __enzyme_fwddiff_pw2((void *)g3, enzyme_width, 2, enzyme_primal_return, X, 0.0, 1.0, Y, 1.0, 0.0, Z, 0.0, 0.0);
  CHECK_PRIMAL("width 2 primal_return: primal", p.p, g3(X, Y, Z));
  CHECK("width 2 primal_return: lane 0 d/dy", p.d[0], ck_fd1(g_y, Y));
  CHECK("width 2 primal_return: lane 1 d/dx", p.d[1], ck_fd1(g_x, X));
  return ck_done();
}
