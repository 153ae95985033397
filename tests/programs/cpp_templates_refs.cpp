// TEST: C++ templates, references, a small class with methods and operator overloading in the kernel
#include "include/catalase_check.h"
#include <cmath>
#include <cstdio>

extern "C" double __enzyme_fwddiff(void *, ...);

template <typename T> struct Vec2 {
  T x, y;
  Vec2 operator+(const Vec2 &o) const { return {x + o.x, y + o.y}; }
  Vec2 operator*(T s) const { return {x * s, y * s}; }
  T dot(const Vec2 &o) const { return x * o.x + y * o.y; }
};

template <typename T> static void rotate(Vec2<T> &v, T angle) {
  T c = std::cos(angle), s = std::sin(angle);
  v = {c * v.x - s * v.y, s * v.x + c * v.y};
}

static double energy(double px, double py, double angle) {
  Vec2<double> p{px, py};
  Vec2<double> q = p * 2.0 + Vec2<double>{0.5, -1.0};
  rotate(q, angle);
  return q.dot(p) + 0.5 * q.dot(q);
}

static double G[3] = {0.7, -0.3, 0.4};
static int VAR;
static double along(double t) {
  double a[3] = {G[0], G[1], G[2]};
  a[VAR] += t;
  return energy(a[0], a[1], a[2]);
}

int main() {
  const char *names[3] = {"px", "py", "angle"};
  for (VAR = 0; VAR < 3; VAR++) {
    double d = __enzyme_fwddiff((void *)energy, G[0], VAR == 0 ? 1.0 : 0.0, G[1],
                                VAR == 1 ? 1.0 : 0.0, G[2], VAR == 2 ? 1.0 : 0.0);
    char name[48];
    std::snprintf(name, sizeof name, "d energy/d %s", names[VAR]);
    CHECK(name, d, ck_fd1(along, 0.0));
  }
  return ck_done();
}
