// TEST: reverse mode through helper functions that take and return small structs by value (2-D vectors: add, scale, dot, rotate) and a quaternion-style rotation of a 3-D point, all with scalar enzyme_out inputs
#include "include/ck_array.h"

typedef struct { double d[3]; } G3;
G3 __enzyme_autodiff_g3(void *, ...);

typedef struct { double x, y; } Vec2;
static Vec2 add(Vec2 a, Vec2 b) { return (Vec2){a.x + b.x, a.y + b.y}; }
static Vec2 scale(Vec2 a, double s) { return (Vec2){a.x * s, a.y * s}; }
static Vec2 rotate(Vec2 a, double t) { return (Vec2){a.x * cos(t) - a.y * sin(t), a.x * sin(t) + a.y * cos(t)}; }
static double dot(Vec2 a, Vec2 b) { return a.x * b.x + a.y * b.y; }

static double path(double t, double s, double u) {
  Vec2 p = {1.0, 0.0}, q = {0.3, u};
  for (int i = 0; i < 5; i++) {
    p = add(rotate(p, t), scale(q, s));
    q = rotate(q, -0.5 * t);
  }
  return dot(p, q) + dot(p, p) * 0.1;
}

static double F(double *v) { return path(v[0], v[1], v[2]); }

int main(void) {
  double v[3] = {0.4, 0.7, -0.3};
  G3 g = __enzyme_autodiff_g3((void *)path, v[0], v[1], v[2]);
  ck_gradient("struct-by-value helpers", g.d, F, v, 3);
  return ck_done();
}
