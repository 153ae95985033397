// TEST: reverse and forward mode through CRTP and the standard algorithms: a CRTP Potential<Derived> base whose energy() calls the derived pair term (Morse and soft Coulomb), a Vec3 with a full set of overloaded operators (+=, -, unary -, *, /, dot via operator|), a std::vector<Vec3> grown with emplace_back inside the gradient, std::transform with a lambda into a second vector, std::accumulate and std::inner_product with lambdas, std::for_each with a mutable lambda, std::sort of the distances and std::partial_sum, range-for over std::array of structs; gradients against finite differences and the dot-product test
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <vector>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

struct Vec3 {
  double x, y, z;
  Vec3(double x, double y, double z) : x(x), y(y), z(z) {}
  Vec3 &operator+=(const Vec3 &o) {
    x += o.x, y += o.y, z += o.z;
    return *this;
  }
  friend Vec3 operator-(const Vec3 &a, const Vec3 &b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
  friend Vec3 operator-(const Vec3 &a) { return {-a.x, -a.y, -a.z}; }
  friend Vec3 operator*(double s, const Vec3 &a) { return {s * a.x, s * a.y, s * a.z}; }
  friend Vec3 operator/(const Vec3 &a, double s) { return {a.x / s, a.y / s, a.z / s}; }
  friend double operator|(const Vec3 &a, const Vec3 &b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
};

template <class Derived>
struct Potential {
  double energy(const std::vector<Vec3> &p) const {
    double e = 0;
    for (size_t i = 0; i < p.size(); i++)
      for (size_t j = i + 1; j < p.size(); j++) {
        Vec3 d = p[i] - p[j];
        e += static_cast<const Derived *>(this)->pair(std::sqrt(d | d));
      }
    return e;
  }
};
struct Morse : Potential<Morse> {
  double depth, width, r0;
  double pair(double r) const {
    double t = 1.0 - std::exp(-width * (r - r0));
    return depth * t * t;
  }
};
struct SoftCoulomb : Potential<SoftCoulomb> {
  double q;
  double pair(double r) const { return q / std::sqrt(r * r + 0.25); }
};

struct Site {
  double charge, mass;
};

static double cluster(const double *x, int n) {
  std::vector<Vec3> p;
  for (int i = 0; i < n; i++) p.emplace_back(x[3 * i], x[3 * i + 1], x[3 * i + 2]);
  Vec3 c(0, 0, 0);
  for (const Vec3 &q : p) c += q;
  c = c / static_cast<double>(n);
  std::vector<Vec3> rel;
  rel.reserve(1);  // grows inside
  std::transform(p.begin(), p.end(), std::back_inserter(rel), [&c](const Vec3 &q) { return q - c; });
  double spread = std::accumulate(rel.begin(), rel.end(), 0.0, [](double s, const Vec3 &q) { return s + (q | q); });
  std::vector<double> radii(n);
  std::transform(rel.begin(), rel.end(), radii.begin(), [](const Vec3 &q) { return std::sqrt((q | q) + 1e-3); });
  std::sort(radii.begin(), radii.end());
  std::vector<double> cum(n);
  std::partial_sum(radii.begin(), radii.end(), cum.begin());
  const std::array<Site, 4> sites{{{1.0, 2.0}, {-0.5, 1.0}, {0.25, 3.0}, {0.75, 0.5}}};
  double weighted = 0;
  int k = 0;
  for (const Site &s : sites) weighted += s.charge * cum[k++ % n] / s.mass;
  double moment = std::inner_product(radii.begin(), radii.end(), cum.begin(), 0.0, std::plus<>(),
                                     [](double a, double b) { return a * std::log1p(b); });
  double tail = 0;
  std::for_each(rel.begin(), rel.end(), [&tail, w = 1.0](const Vec3 &q) mutable {
    tail += w * (-q | q);
    w *= 0.5;
  });
  Morse morse;
  morse.depth = 1.5, morse.width = 1.2, morse.r0 = 1.0;
  SoftCoulomb coul;
  coul.q = 0.3;
  return morse.energy(p) + coul.energy(rel) + 0.1 * spread + weighted + 0.05 * moment + tail;
}

static double F(double *x) { return cluster(x, 4); }

int main() {
  double x[12], dx[12] = {0}, v[12];
  for (int i = 0; i < 12; i++) {
    x[i] = 1.1 * std::sin(1.9 * i + 0.3) + 0.2 * i;
    v[i] = std::cos(0.6 * i);
  }
  __enzyme_autodiff((void *)cluster, enzyme_dup, x, dx, enzyme_const, 4);
  ck_gradient("CRTP potentials and algorithms", dx, F, x, 12);
  double one = 1.0, jv = __enzyme_fwddiff((void *)cluster, enzyme_dup, x, v, enzyme_const, 4);
  ck_dot_test("CRTP potentials and algorithms", &one, &jv, 1, dx, v, 12);
  return ck_done();
}
