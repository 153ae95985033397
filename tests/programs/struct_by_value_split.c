// TEST: small structs passed by value, which the x86-64 calling convention splits into several scalar parameters ({double, double} into two doubles, {float, float, float} into <2 x float> and float): the marker call passes the parts one by one with their markers and shadows, as programs written for Enzyme do (Catalase warns where it sees the split: at -O0 and with -g), in forward mode (enzyme_dup, default activity) and reverse mode (constant and active parts beside active scalars); plus a function that builds a local struct from two separate parameters; tangents and gradients against finite differences
// CFLAGS: -g
#include <math.h>
#include <stdio.h>

#include "include/catalase_check.h"

typedef struct {
  double x, y;
} P2;
typedef struct {
  float a, b, c;
} F3;

extern double __enzyme_fwddiff(void *, ...);
extern float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");
extern double __enzyme_autodiff(void *, ...);
typedef struct {
  double dk;
} G1;
typedef struct {
  double dx, dy, dk;
} G3;
extern G1 __enzyme_autodiff_g1(void *, ...) __asm__("__enzyme_autodiff");
extern G3 __enzyme_autodiff_g3(void *, ...) __asm__("__enzyme_autodiff");

__attribute__((noinline)) double radius(P2 p) { return sqrt(p.x * p.x + p.y * p.y) + 0.1 * p.x * p.y; }
__attribute__((noinline)) double scaled(P2 p, double k) { return k * sin(p.x) * exp(0.2 * p.y * k); }
__attribute__((noinline)) float tri(F3 v, float s) { return s * (v.a * v.b + v.c * v.c * v.a); }
__attribute__((noinline)) double pack(double a, double b) {
  P2 q = {a, b};
  return radius(q) * a;
}

static double radius_x(double x) { return radius((P2){x, -2.0}); }
static double radius_y(double y) { return radius((P2){1.5, y}); }
static double scaled_k(double k) { return scaled((P2){0.7, 1.3}, k); }
static double scaled_x(double x) { return scaled((P2){x, 1.3}, 0.9); }
static double scaled_y(double y) { return scaled((P2){0.7, y}, 0.9); }
/* tri in double, for a finite difference free of float rounding */
static double tri_c(double c) { return 2.0 * (1.25 * -0.5 + c * c * 1.25); }
static double pack_b(double b) { return pack(1.1, b); }
static double pack_a(double a) { return pack(a, -0.4); }

int main(void) {
  P2 p = {1.5, -2.0}, dx = {1.0, 0.0}, dy = {0.0, 1.0};
  CHECK("forward dup struct d/dx", __enzyme_fwddiff((void *)radius, enzyme_dup, p.x, dx.x, enzyme_dup, p.y, dx.y), ck_fd1(radius_x, 1.5));
  CHECK("forward default struct d/dy", __enzyme_fwddiff((void *)radius, p.x, dy.x, p.y, dy.y), ck_fd1(radius_y, -2.0));
  P2 q = {0.7, 1.3}, dq = {0.0, 0.0}, tq = {1.0, 0.0};
  CHECK("forward const struct, d/dk", __enzyme_fwddiff((void *)scaled, enzyme_const, q.x, enzyme_const, q.y, 0.9, 1.0), ck_fd1(scaled_k, 0.9));
  CHECK("forward struct then const k", __enzyme_fwddiff((void *)scaled, q.x, tq.x, q.y, tq.y, enzyme_const, 0.9), ck_fd1(scaled_x, 0.7));
  (void)dq;
  // Reverse: constant parts beside an active scalar, then active parts (their gradients come
  // back part by part, in parameter order).
  G1 g1 = __enzyme_autodiff_g1((void *)scaled, enzyme_const, q.x, enzyme_const, q.y, enzyme_out, 0.9);
  CHECK("reverse const struct, d/dk", g1.dk, ck_fd1(scaled_k, 0.9));
  G3 g3 = __enzyme_autodiff_g3((void *)scaled, q.x, q.y, 0.9);
  CHECK("reverse active struct d/dx", g3.dx, ck_fd1(scaled_x, 0.7));
  CHECK("reverse active struct d/dy", g3.dy, ck_fd1(scaled_y, 1.3));
  CHECK("reverse active struct, d/dk", g3.dk, ck_fd1(scaled_k, 0.9));
  // {float, float, float}: <2 x float> and a float.
  F3 v = {1.25f, -0.5f, 0.75f}, tv = {0.0f, 0.0f, 1.0f};
  /* the first part is the <2 x float> of a and b */
  typedef float f2 __attribute__((vector_size(8)));
  f2 ab = {v.a, v.b}, tab = {tv.a, tv.b};
  CHECK_F32("forward float struct d/dc", __enzyme_fwddiff_f((void *)tri, enzyme_dup, ab, tab, enzyme_dup, v.c, tv.c, enzyme_const, 2.0f), ck_fd1(tri_c, 0.75));
  // Two separate parameters that only the body puts into one struct.
  CHECK("forward separate parameters d/db", __enzyme_fwddiff((void *)pack, 1.1, 0.0, -0.4, 1.0), ck_fd1(pack_b, -0.4));
  CHECK("forward separate parameters d/da", __enzyme_fwddiff((void *)pack, enzyme_dup, 1.1, 1.0, enzyme_const, -0.4), ck_fd1(pack_a, 1.1));
  return ck_done();
}
