// TEST: reverse mode of three active float scalars (gradient struct {float,float,float}, which x86-64 returns as {<2 x float>, float}), float+double mixed out args, and enzyme_primal_return with two double outs
#include "include/catalase_check.h"

typedef struct { float a, b, c; } g3f;
typedef struct { float a; double b; } gfd;
typedef struct { double p, dx, dy; } pg2;
g3f __enzyme_autodiff_3f(void *, ...);
gfd __enzyme_autodiff_fd(void *, ...);
pg2 __enzyme_autodiff_pg(void *, ...);

static float f3(float x, float y, float z) { return x * y * z + sinf(x) * z - y / (1.0f + z * z); }
static double f3d(double x, double y, double z) { return x * y * z + sin(x) * z - y / (1.0 + z * z); }
static double mixfd(float a, double b) { return a * b + exp(a * 0.5) * b * b; }
static double fxy(double x, double y) { return sin(x * y) + x * x * y; }

static double X = 0.7, Y = -1.2, Z = 0.4;
static double f3_x(double t) { return f3d(t, Y, Z); }
static double f3_y(double t) { return f3d(X, t, Z); }
static double f3_z(double t) { return f3d(X, Y, t); }
static double mix_a(double t) { return mixfd((float)t, Y) ; }
static double mixd_a(double t) { return t * Y + exp(t * 0.5) * Y * Y; }
static double mixd_b(double t) { return X * t + exp(X * 0.5) * t * t; }
static double fxy_x(double t) { return fxy(t, Y); }
static double fxy_y(double t) { return fxy(X, t); }

int main(void) {
  X = 0.7; Y = -1.2; Z = 0.4;
  g3f g = __enzyme_autodiff_3f((void *)f3, (float)X, (float)Y, (float)Z);
  CHECK_F32("three floats: d/dx", g.a, ck_fd1(f3_x, X));
  CHECK_F32("three floats: d/dy", g.b, ck_fd1(f3_y, Y));
  CHECK_F32("three floats: d/dz", g.c, ck_fd1(f3_z, Z));
  X = 0.5; Y = 1.3;
  gfd h = __enzyme_autodiff_fd((void *)mixfd, (float)X, Y);
  (void)mix_a;
  CHECK_F32("float then double: d/da", h.a, ck_fd1(mixd_a, X));
  CHECK("float then double: d/db", h.b, ck_fd1(mixd_b, Y));
  X = 0.3; Y = 2.1;
  pg2 p = __enzyme_autodiff_pg((void *)fxy, enzyme_primal_return, X, Y);
  CHECK_PRIMAL("primal_return: primal", p.p, fxy(X, Y));
  CHECK("primal_return: d/dx", p.dx, ck_fd1(fxy_x, X));
  CHECK("primal_return: d/dy", p.dy, ck_fd1(fxy_y, Y));
  return ck_done();
}
