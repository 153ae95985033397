// TEST: reverse and forward mode through C++ n-body code: a small Vec3 class with operator overloading (+, -, scalar *, +=, dot, norm as members and free functions), positions held in std::vector<std::array<double,3>> converted to Vec3 and back, pairwise softened gravity with the force accumulated through operator+=, velocity-Verlet steps, and the energy summed with std::accumulate and std::transform over lambdas that capture by reference; gradient with respect to the flattened initial state against finite differences, dot-product test against forward mode
#include <array>
#include <numeric>
#include <vector>
#include <algorithm>
#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

struct Vec3 {
  double x, y, z;
  Vec3() : x(0), y(0), z(0) {}
  Vec3(double a, double b, double c) : x(a), y(b), z(c) {}
  explicit Vec3(const std::array<double, 3> &a) : x(a[0]), y(a[1]), z(a[2]) {}
  Vec3 &operator+=(const Vec3 &o) { x += o.x; y += o.y; z += o.z; return *this; }
  Vec3 operator-() const { return {-x, -y, -z}; }
  double dot(const Vec3 &o) const { return x * o.x + y * o.y + z * o.z; }
  double norm2() const { return dot(*this); }
  std::array<double, 3> arr() const { return {x, y, z}; }
};
static inline Vec3 operator+(Vec3 a, const Vec3 &b) { return a += b; }
static inline Vec3 operator-(const Vec3 &a, const Vec3 &b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
static inline Vec3 operator*(double s, const Vec3 &a) { return {s * a.x, s * a.y, s * a.z}; }

constexpr int NB = 4;
constexpr double EPS2 = 0.05;

static std::vector<Vec3> forces(const std::vector<std::array<double, 3>> &pos, const std::vector<double> &m) {
  std::vector<Vec3> f(pos.size());
  for (size_t i = 0; i < pos.size(); i++)
    for (size_t j = i + 1; j < pos.size(); j++) {
      Vec3 d = Vec3(pos[j]) - Vec3(pos[i]);
      double r2 = d.norm2() + EPS2;
      double inv = m[i] * m[j] / (r2 * std::sqrt(r2));
      f[i] += inv * d;
      f[j] += -(inv * d);
    }
  return f;
}

static double potential(const std::vector<std::array<double, 3>> &pos, const std::vector<double> &m) {
  double u = 0.0;
  for (size_t i = 0; i < pos.size(); i++)
    for (size_t j = i + 1; j < pos.size(); j++) u -= m[i] * m[j] / std::sqrt((Vec3(pos[j]) - Vec3(pos[i])).norm2() + EPS2);
  return u;
}

static double nbody(const double *state, int steps) {
  std::vector<std::array<double, 3>> pos(NB), vel(NB);
  std::vector<double> m(NB);
  for (int i = 0; i < NB; i++) {
    pos[i] = {state[6 * i], state[6 * i + 1], state[6 * i + 2]};
    vel[i] = {state[6 * i + 3], state[6 * i + 4], state[6 * i + 5]};
    m[i] = 1.0 + 0.25 * i;
  }
  const double dt = 0.02;
  std::vector<Vec3> f = forces(pos, m);
  for (int s = 0; s < steps; s++) {
    for (int i = 0; i < NB; i++) {
      Vec3 v = Vec3(vel[i]) + (0.5 * dt / m[i]) * f[i];
      vel[i] = v.arr();
      pos[i] = (Vec3(pos[i]) + dt * v).arr();
    }
    f = forces(pos, m);
    for (int i = 0; i < NB; i++) vel[i] = (Vec3(vel[i]) + (0.5 * dt / m[i]) * f[i]).arr();
  }
  std::vector<double> ke(NB);
  std::transform(vel.begin(), vel.end(), m.begin(), ke.begin(),
                 [](const std::array<double, 3> &v, double mi) { return 0.5 * mi * Vec3(v).norm2(); });
  double kin = std::accumulate(ke.begin(), ke.end(), 0.0);
  double com = std::accumulate(pos.begin(), pos.end(), 0.0, [&](double acc, const std::array<double, 3> &p) {
    return acc + 0.1 * (p[0] + 2.0 * p[1] - p[2]);
  });
  return kin + potential(pos, m) + com;
}

static double F(double *s) { return nbody(s, 6); }

int main() {
  double s[6 * NB], ds[6 * NB] = {0}, v[6 * NB];
  for (int i = 0; i < 6 * NB; i++) {
    s[i] = (i % 6 < 3) ? std::sin(1.7 * i + 0.3) : 0.2 * std::cos(0.9 * i);
    v[i] = 0.1 * ((i * 5) % 7) - 0.3;
  }
  __enzyme_autodiff((void *)nbody, enzyme_dup, s, ds, enzyme_const, 6);
  ck_gradient("nbody vec3: d/ds", ds, F, s, 6 * NB);
  double jv = __enzyme_fwddiff((void *)nbody, enzyme_dup, s, v, enzyme_const, 6);
  CHECK("nbody vec3: dot test", ck_dot(ds, v, 6 * NB), jv);
  return ck_done();
}
