// TEST: batched Hessian columns where the gradient comes back by value: a wrapper returns the struct of enzyme_out gradients from __enzyme_autodiff of a 3- (and a 4-) argument scalar function, and __enzyme_fwddiff with enzyme_width 3, 4 and 8 differentiates that wrapper, so the tangent of a struct return comes back as N structs (declared as struct { grad3 d[N]; }); also width 2 over a wrapper that returns {primal, gradient} through enzyme_primal_return, and the whole Hessian at width 1 column by column; every entry against finite differences of the gradient
#include "include/catalase_check.h"

typedef struct { double x, y, z; } grad3;
typedef struct { double a, b, c, d; } grad4;
typedef struct { double p; double x, y, z; } pgrad3;
typedef struct { grad3 d[3]; } grad3x3;
typedef struct { grad4 d[4]; } grad4x4;
typedef struct { grad4 d[8]; } grad4x8;
typedef struct { pgrad3 d[2]; } pgrad3x2;

grad3 __enzyme_autodiff3(void *, ...) __asm__("__enzyme_autodiff");
grad4 __enzyme_autodiff4(void *, ...) __asm__("__enzyme_autodiff");
pgrad3 __enzyme_autodiffp(void *, ...) __asm__("__enzyme_autodiff");
grad3 __enzyme_fwddiff3(void *, ...) __asm__("__enzyme_fwddiff");
grad3x3 __enzyme_fwddiff3x3(void *, ...) __asm__("__enzyme_fwddiff");
grad4x4 __enzyme_fwddiff4x4(void *, ...) __asm__("__enzyme_fwddiff");
grad4x8 __enzyme_fwddiff4x8(void *, ...) __asm__("__enzyme_fwddiff");
pgrad3x2 __enzyme_fwddiffp2(void *, ...) __asm__("__enzyme_fwddiff");

static double f3(double x, double y, double z) {
  double s = 0.0;
  for (int i = 1; i <= 4; i++) s += sin(i * x + y) * exp(-0.1 * i * z * z) / i;
  return s + x * y * z + log(1.0 + y * y);
}
__attribute__((noinline)) static grad3 g3(double x, double y, double z) {
  return __enzyme_autodiff3((void *)f3, x, y, z);
}

static double f4(double a, double b, double c, double d) {
  double t = a * b - c, u = hypot(c, d) + 0.5;
  return t * t / u + atan(a * d) + pow(u, b);
}
__attribute__((noinline)) static grad4 g4(double a, double b, double c, double d) {
  return __enzyme_autodiff4((void *)f4, enzyme_out, a, enzyme_out, b, enzyme_out, c, enzyme_out, d);
}
__attribute__((noinline)) static pgrad3 pg3(double x, double y, double z) {
  return __enzyme_autodiffp((void *)f3, enzyme_primal_return, x, y, z);
}

static double gcomp3(double x, double y, double z, int k) {
  grad3 g = g3(x, y, z);
  return k == 0 ? g.x : k == 1 ? g.y : g.z;
}
static double gcomp4(const double *p, int k) {
  grad4 g = g4(p[0], p[1], p[2], p[3]);
  return k == 0 ? g.a : k == 1 ? g.b : k == 2 ? g.c : g.d;
}
static double pick4(grad4 g, int k) { return k == 0 ? g.a : k == 1 ? g.b : k == 2 ? g.c : g.d; }

int main(void) {
  const double x = 0.7, y = -0.4, z = 1.1;
  char label[96];
  /* the gradient itself */
  {
    double h = 1e-5;
    grad3 g = g3(x, y, z);
    CHECK("f3 d/dx", g.x, (f3(x + h, y, z) - f3(x - h, y, z)) / (2 * h));
    CHECK("f3 d/dy", g.y, (f3(x, y + h, z) - f3(x, y - h, z)) / (2 * h));
    CHECK("f3 d/dz", g.z, (f3(x, y, z + ck_step(z)) - f3(x, y, z - ck_step(z))) / (2 * ck_step(z)));
  }
  /* width 3: the full 3x3 Hessian in one call, lane j = column j */
  grad3x3 H = __enzyme_fwddiff3x3((void *)g3, enzyme_width, 3, x, 1.0, 0.0, 0.0, y, 0.0, 1.0, 0.0, z, 0.0, 0.0, 1.0);
  double pt[3] = {x, y, z};
  for (int j = 0; j < 3; j++) {
    for (int k = 0; k < 3; k++) {
      double pp[3] = {x, y, z}, pm[3] = {x, y, z};
      double h = ck_step(pt[j]);
      pp[j] += h;
      pm[j] -= h;
      double fd = (gcomp3(pp[0], pp[1], pp[2], k) - gcomp3(pm[0], pm[1], pm[2], k)) / (2 * h);
      double ad = k == 0 ? H.d[j].x : k == 1 ? H.d[j].y : H.d[j].z;
      snprintf(label, sizeof label, "width 3 H[%d][%d]", k, j);
      CHECK(label, ad, fd);
      /* width 1 column */
      double e[3] = {0, 0, 0};
      e[j] = 1.0;
      grad3 c = __enzyme_fwddiff3((void *)g3, x, e[0], y, e[1], z, e[2]);
      snprintf(label, sizeof label, "width 1 H[%d][%d]", k, j);
      CHECK(label, k == 0 ? c.x : k == 1 ? c.y : c.z, fd);
    }
  }
  /* width 4 and width 8 (each column twice, the second copy scaled by -2) over g4 */
  double q[4] = {0.9, 1.3, -0.6, 0.8};
  grad4x4 H4 = __enzyme_fwddiff4x4((void *)g4, enzyme_width, 4, q[0], 1.0, 0.0, 0.0, 0.0, q[1], 0.0, 1.0, 0.0, 0.0,
                                   q[2], 0.0, 0.0, 1.0, 0.0, q[3], 0.0, 0.0, 0.0, 1.0);
  grad4x8 H8 = __enzyme_fwddiff4x8((void *)g4, enzyme_width, 8, q[0], 1.0, 0.0, 0.0, 0.0, -2.0, 0.0, 0.0, 0.0,
                                   q[1], 0.0, 1.0, 0.0, 0.0, 0.0, -2.0, 0.0, 0.0, q[2], 0.0, 0.0, 1.0, 0.0, 0.0,
                                   0.0, -2.0, 0.0, q[3], 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, -2.0);
  for (int j = 0; j < 4; j++) {
    for (int k = 0; k < 4; k++) {
      double pp[4], pm[4];
      memcpy(pp, q, sizeof q);
      memcpy(pm, q, sizeof q);
      double h = ck_step(q[j]);
      pp[j] += h;
      pm[j] -= h;
      double fd = (gcomp4(pp, k) - gcomp4(pm, k)) / (2 * h);
      snprintf(label, sizeof label, "width 4 H[%d][%d]", k, j);
      CHECK(label, pick4(H4.d[j], k), fd);
      snprintf(label, sizeof label, "width 8 H[%d][%d]", k, j);
      CHECK(label, pick4(H8.d[j], k), fd);
      snprintf(label, sizeof label, "width 8 -2 H[%d][%d]", k, j);
      CHECK(label, pick4(H8.d[j + 4], k), -2.0 * fd);
    }
  }
  /* width 2 over {primal, gradient}: lane 0 along (1,1,0), lane 1 along (0,-1,2) */
  pgrad3x2 P = __enzyme_fwddiffp2((void *)pg3, enzyme_width, 2, x, 1.0, 0.0, y, 1.0, -1.0, z, 0.0, 2.0);
  const double dirs[2][3] = {{1.0, 1.0, 0.0}, {0.0, -1.0, 2.0}};
  for (int l = 0; l < 2; l++) {
    const double *v = dirs[l];
    double h = 1e-5;
    pgrad3 a = pg3(x + h * v[0], y + h * v[1], z + h * v[2]);
    pgrad3 b = pg3(x - h * v[0], y - h * v[1], z - h * v[2]);
    snprintf(label, sizeof label, "width 2 lane %d primal tangent", l);
    CHECK(label, P.d[l].p, (a.p - b.p) / (2 * h));
    snprintf(label, sizeof label, "width 2 lane %d H v x", l);
    CHECK(label, P.d[l].x, (a.x - b.x) / (2 * h));
    snprintf(label, sizeof label, "width 2 lane %d H v y", l);
    CHECK(label, P.d[l].y, (a.y - b.y) / (2 * h));
    snprintf(label, sizeof label, "width 2 lane %d H v z", l);
    CHECK(label, P.d[l].z, (a.z - b.z) / (2 * h));
  }
  CHECK_PRIMAL("primal_return primal", pg3(x, y, z).p, f3(x, y, z));
  return ck_done();
}
