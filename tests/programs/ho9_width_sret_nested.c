// TEST: enzyme_width inside a differentiated function on a function that returns a struct through sret: an inner __enzyme_fwddiff at width 3 (three tangent structs in the marker's sret memory) and at width 2 with enzyme_primal_return ({T p; T d[2];}), their tangents combined nonlinearly; the wrappers differentiated by __enzyme_fwddiff at width 2 and by __enzyme_autodiff at width 2 (gradients back as {double dx[2]; double dy[2];}); against finite differences
#include "include/ck_array.h"
typedef struct { double a, b, c; } T;
typedef struct { T d[3]; } T3;
typedef struct { T p; T d[2]; } PT2;
T3 fwd3(void *, ...) __asm__("__enzyme_fwddiff");
PT2 fwdp2(void *, ...) __asm__("__enzyme_fwddiff");
typedef struct { double d[2]; } v2;
v2 fwdv2(void *, ...) __asm__("__enzyme_fwddiff");
double __enzyme_autodiff(void *, ...);
typedef struct { double dx[2], dy[2]; } R2;
R2 rev2(void *, ...) __asm__("__enzyme_autodiff");
static T f(double x, double y) { T r = {x * y * y, sin(x) * exp(y), hypot(x, y)}; return r; }
__attribute__((noinline)) double g(double x, double y) {
  T3 t = fwd3((void *)f, enzyme_width, 3, x, 1.0, 0.0, 0.5, y, 0.0, 1.0, 0.5);
  double s = 0;
  for (int l = 0; l < 3; l++) s += (l + 1) * (t.d[l].a + t.d[l].b * t.d[l].c);
  return s;
}
__attribute__((noinline)) double gp(double x, double y) {
  PT2 t = fwdp2((void *)f, enzyme_width, 2, enzyme_primal_return, x, 1.0, 0.0, y, 0.0, 1.0);
  return t.p.a * t.d[0].b + t.p.c * t.d[1].a + t.d[0].c * t.d[1].c;
}
int main(void) {
  double x = 0.7, y = -0.5, h = 1e-5;
  v2 a = fwdv2((void *)g, enzyme_width, 2, x, 1.0, 0.0, y, 0.0, 1.0);
  CHECK("g_x", a.d[0], (g(x + h, y) - g(x - h, y)) / (2 * h));
  CHECK("g_y", a.d[1], (g(x, y + h) - g(x, y - h)) / (2 * h));
  v2 b = fwdv2((void *)gp, enzyme_width, 2, x, 1.0, 0.0, y, 0.0, 1.0);
  CHECK("gp_x", b.d[0], (gp(x + h, y) - gp(x - h, y)) / (2 * h));
  CHECK("gp_y", b.d[1], (gp(x, y + h) - gp(x, y - h)) / (2 * h));
  R2 r = rev2((void *)g, enzyme_width, 2, x, y);
  CHECK("rev g_x lane 1", r.dx[1], (g(x + h, y) - g(x - h, y)) / (2 * h));
  CHECK("rev g_y lane 0", r.dy[0], (g(x, y + h) - g(x, y - h)) / (2 * h));
  R2 s = rev2((void *)gp, enzyme_width, 2, x, y);
  CHECK("rev gp_x", s.dx[0], (gp(x + h, y) - gp(x - h, y)) / (2 * h));
  CHECK("rev gp_y", s.dy[1], (gp(x, y + h) - gp(x, y - h)) / (2 * h));
  return ck_done();
}
