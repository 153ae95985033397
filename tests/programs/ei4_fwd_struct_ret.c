// TEST: __enzyme_fwddiff of functions returning small structs by value: {double, double} (the tangent struct returned as the C struct), with enzyme_primal_return ({primal struct, tangent struct} declared as a struct of two structs), {double, int} (an inactive field next to an active one), {float, float, float} (clang's {<2 x float>, float}), enzyme_width 2 of a {double, double} result (an array of two tangent structs); against finite differences
#include "include/catalase_check.h"

typedef struct {
  double a, b;
} dd;
typedef struct {
  double a;
  int k;
} di;
typedef struct {
  float x, y, z;
} f3;

__attribute__((noinline)) dd polar(double r, double t) {
  dd o = {r * cos(t), r * sin(t) + 0.1 * r * r};
  return o;
}
__attribute__((noinline)) di step(double x, int n) {
  di o;
  o.a = x;
  o.k = 0;
  while (o.a > 1.0) {
    o.a = sqrt(o.a) * 0.9;
    o.k++;
  }
  o.a += n * x;
  return o;
}
__attribute__((noinline)) f3 cross(float a, float b) {
  f3 o = {a * b, a - b * b, sinf(a) * b};
  return o;
}

dd __enzyme_fwddiff_dd(void *, ...) __asm__("__enzyme_fwddiff");
typedef struct {
  dd p, t;
} pdd;
pdd __enzyme_fwddiff_pdd(void *, ...) __asm__("__enzyme_fwddiff");
di __enzyme_fwddiff_di(void *, ...) __asm__("__enzyme_fwddiff");
f3 __enzyme_fwddiff_f3(void *, ...) __asm__("__enzyme_fwddiff");
typedef struct {
  dd l[2];
} w2;
w2 __enzyme_fwddiff_w2(void *, ...) __asm__("__enzyme_fwddiff");

static double comp_polar(double r, double t, int c) {
  dd o = polar(r, t);
  return c ? o.b : o.a;
}

int main(void) {
  double r = 1.3, t = 0.7, h = 1e-5;
  dd d = __enzyme_fwddiff_dd((void *)polar, r, 0.4, t, -0.9);
  for (int c = 0; c < 2; c++) {
    double fd = (comp_polar(r + 0.4 * h, t - 0.9 * h, c) - comp_polar(r - 0.4 * h, t + 0.9 * h, c)) / (2 * h);
    CHECK(c ? "polar tangent b" : "polar tangent a", c ? d.b : d.a, fd);
  }
  pdd p = __enzyme_fwddiff_pdd((void *)polar, enzyme_primal_return, r, 1.0, t, 0.0);
  dd want = polar(r, t);
  CHECK_PRIMAL("primal struct a", p.p.a, want.a);
  CHECK_PRIMAL("primal struct b", p.p.b, want.b);
  CHECK("d/dr a", p.t.a, (comp_polar(r + h, t, 0) - comp_polar(r - h, t, 0)) / (2 * h));
  CHECK("d/dr b", p.t.b, (comp_polar(r + h, t, 1) - comp_polar(r - h, t, 1)) / (2 * h));

  double x = 5.5;
  di q = __enzyme_fwddiff_di((void *)step, x, 1.0, enzyme_const, 3);
  double fd = (step(x + h * x, 3).a - step(x - h * x, 3).a) / (2 * h * x);
  CHECK("{double,int} tangent", q.a, fd);

  float a = 0.8f, b = -0.45f;
  f3 c = __enzyme_fwddiff_f3((void *)cross, a, 1.0f, b, 0.0f);
  double da0 = b, da1 = 1.0, da2 = cos(a) * b;
  CHECK_F32("float3 tangent x", c.x, da0);
  CHECK_F32("float3 tangent y", c.y, da1);
  CHECK_F32("float3 tangent z", c.z, da2);
  f3 c2 = __enzyme_fwddiff_f3((void *)cross, a, 0.0f, b, 1.0f);
  CHECK_F32("float3 tangent x (b)", c2.x, a);
  CHECK_F32("float3 tangent y (b)", c2.y, -2.0 * b);
  CHECK_F32("float3 tangent z (b)", c2.z, sin(a));

  w2 w = __enzyme_fwddiff_w2((void *)polar, enzyme_width, 2, r, 1.0, 0.0, t, 0.0, 1.0);
  CHECK("width 2 lane 0 a", w.l[0].a, (comp_polar(r + h, t, 0) - comp_polar(r - h, t, 0)) / (2 * h));
  CHECK("width 2 lane 0 b", w.l[0].b, (comp_polar(r + h, t, 1) - comp_polar(r - h, t, 1)) / (2 * h));
  CHECK("width 2 lane 1 a", w.l[1].a, (comp_polar(r, t + h, 0) - comp_polar(r, t - h, 0)) / (2 * h));
  CHECK("width 2 lane 1 b", w.l[1].b, (comp_polar(r, t + h, 1) - comp_polar(r, t - h, 1)) / (2 * h));
  return ck_done();
}
