// TEST: C++ classes with methods (const and mutating), a small vector type with overloaded operators, std::array, std::sqrt/std::exp
#include "include/catalase_check.h"
#include <array>
#include <cmath>

extern "C" double __enzyme_fwddiff(void *, ...);

struct Vec3 {
  double x, y, z;
  Vec3 operator+(const Vec3 &o) const { return {x + o.x, y + o.y, z + o.z}; }
  Vec3 operator-(const Vec3 &o) const { return {x - o.x, y - o.y, z - o.z}; }
  Vec3 operator*(double s) const { return {x * s, y * s, z * s}; }
  Vec3 &operator+=(const Vec3 &o) {
    x += o.x;
    y += o.y;
    z += o.z;
    return *this;
  }
  double dot(const Vec3 &o) const { return x * o.x + y * o.y + z * o.z; }
  double norm() const { return std::sqrt(dot(*this)); }
};

class Spring {
 public:
  Spring(double k, double rest) : k_(k), rest_(rest) {}
  double energy(const Vec3 &a, const Vec3 &b) const {
    double d = (a - b).norm() - rest_;
    return 0.5 * k_ * d * d;
  }
  Vec3 force(const Vec3 &a, const Vec3 &b) const {
    Vec3 d = a - b;
    double n = d.norm();
    return d * (-k_ * (n - rest_) / n);
  }
 private:
  double k_, rest_;
};

class Chain {
 public:
  std::array<Vec3, 4> p;
  std::array<Vec3, 4> v;
  void step(const Spring &s, double dt) {
    std::array<Vec3, 4> f{};
    for (int i = 0; i + 1 < 4; i++) {
      Vec3 fi = s.force(p[i], p[i + 1]);
      f[i] += fi;
      f[i + 1] += fi * -1.0;
    }
    for (int i = 0; i < 4; i++) {
      v[i] += f[i] * dt;
      p[i] += v[i] * dt;
    }
  }
  double total(const Spring &s) const {
    double e = 0.0;
    for (int i = 0; i + 1 < 4; i++) e += s.energy(p[i], p[i + 1]);
    for (const Vec3 &q : v) e += 0.5 * q.dot(q);
    return e * std::exp(-0.1 * p[0].x);
  }
};

static double simulate(Chain *c, double k, int steps) {
  Spring s(k, 1.0);
  for (int i = 0; i < steps; i++) c->step(s, 0.02);
  return c->total(s);
}

static Chain C0;
static double VP[24];
static double along(double t) {
  Chain c = C0;
  for (int i = 0; i < 4; i++) {
    c.p[i].x += t * VP[6 * i];
    c.p[i].y += t * VP[6 * i + 1];
    c.p[i].z += t * VP[6 * i + 2];
    c.v[i].x += t * VP[6 * i + 3];
    c.v[i].y += t * VP[6 * i + 4];
    c.v[i].z += t * VP[6 * i + 5];
  }
  return simulate(&c, 3.0 + 0.5 * t, 30);
}

int main() {
  for (int i = 0; i < 4; i++) {
    C0.p[i] = {1.1 * i, 0.2 * std::sin(1.0 * i), 0.1 * i * i};
    C0.v[i] = {0.0, 0.05 * i, -0.02};
  }
  for (int i = 0; i < 24; i++) VP[i] = std::cos(0.7 * i);
  Chain c = C0, dc;
  for (int i = 0; i < 4; i++) {
    dc.p[i] = {VP[6 * i], VP[6 * i + 1], VP[6 * i + 2]};
    dc.v[i] = {VP[6 * i + 3], VP[6 * i + 4], VP[6 * i + 5]};
  }
  double d = __enzyme_fwddiff((void *)simulate, &c, &dc, 3.0, 0.5, enzyme_const, 30);
  CHECK("chain of springs (methods, operators, std::array): d", d, ck_fd1(along, 0.0));
  Chain ref = C0;
  simulate(&ref, 3.0, 30);
  CHECK_PRIMAL("primal state updated", c.p[3].x, ref.p[3].x);
  return ck_done();
}
