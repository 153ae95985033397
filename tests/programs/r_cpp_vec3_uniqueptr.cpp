// TEST: reverse and forward mode through everyday C++: a small vec3 class with overloaded operators (+, -, *, dot, cross, norm) used in a particle energy over std::array, a std::unique_ptr<double[]> scratch buffer, std::transform and std::for_each with capturing lambdas, std::vector resize and push_back inside the function, a member function template, and a try block whose catch never runs; gradients against finite differences, the dot-product test against forward mode
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

struct vec3 {
  double x, y, z;
  vec3() : x(0), y(0), z(0) {}
  vec3(double a, double b, double c) : x(a), y(b), z(c) {}
  vec3 operator+(const vec3 &o) const { return vec3(x + o.x, y + o.y, z + o.z); }
  vec3 operator-(const vec3 &o) const { return vec3(x - o.x, y - o.y, z - o.z); }
  vec3 operator*(double s) const { return vec3(x * s, y * s, z * s); }
  vec3 &operator+=(const vec3 &o) { x += o.x; y += o.y; z += o.z; return *this; }
  double dot(const vec3 &o) const { return x * o.x + y * o.y + z * o.z; }
  vec3 cross(const vec3 &o) const { return vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x); }
  double norm() const { return std::sqrt(dot(*this)); }
};
static vec3 operator*(double s, const vec3 &v) { return v * s; }

constexpr int NP = 4;

/* energy of NP particles: pair springs with rest length 1, a torsion-like cross term and a centroid pull */
static double particle_energy(const double *pos) {
  std::array<vec3, NP> p;
  for (int i = 0; i < NP; i++) p[i] = vec3(pos[3 * i], pos[3 * i + 1], pos[3 * i + 2]);
  double e = 0.0;
  for (int i = 0; i < NP; i++)
    for (int j = i + 1; j < NP; j++) {
      double r = (p[i] - p[j]).norm();
      e += 0.5 * (r - 1.0) * (r - 1.0);
    }
  vec3 n = (p[1] - p[0]).cross(p[2] - p[0]);
  e += 0.1 * n.dot(p[3] - p[0]);
  vec3 c;
  for (const vec3 &q : p) c += q;
  c = (1.0 / NP) * c;
  e += 0.05 * c.dot(c);
  return e;
}

/* a unique_ptr scratch buffer, std::transform with a lambda capturing an active scale, std::for_each accumulating */
static double transform_reduce_fn(const double *x, int n, double scale) {
  std::unique_ptr<double[]> buf(new double[n]);
  std::transform(x, x + n, buf.get(), [scale](double v) { return std::tanh(scale * v) + v * v; });
  double acc = 0.0;
  std::for_each(buf.get(), buf.get() + n, [&acc](double v) { acc += v * std::exp(-0.2 * v); });
  return acc;
}

struct Poly {
  std::vector<double> c;
  template <typename T>
  T eval(T t) const {
    T r = 0;
    for (auto it = c.rbegin(); it != c.rend(); ++it) r = r * t + *it;
    return r;
  }
};

/* vector grown inside: resize then push_back derived values; a polynomial whose coefficients are active */
static double vector_grow(const double *x, int n) {
  Poly p;
  p.c.resize(2);
  p.c[0] = x[0];
  p.c[1] = x[1];
  for (int i = 2; i < n; i++) p.c.push_back(x[i] * p.c[i - 1] - 0.1 * p.c[i - 2]);
  double s = 0.0;
  try {
    if (p.c.size() > 1000) throw std::runtime_error("too many");
    for (int k = 0; k < 3; k++) s += p.eval(0.3 + 0.2 * k);
  } catch (const std::exception &) {
    s = -1.0;
  }
  return s * s;
}

static double g_scale = 0.7;
static double F_pos(double *x) { return particle_energy(x); }
static double F_tr(double *x) { return transform_reduce_fn(x, 6, g_scale); }
static double F_grow(double *x) { return vector_grow(x, 7); }

int main() {
  double pos[3 * NP] = {0.0, 0.1, -0.2, 1.1, 0.0, 0.3, 0.2, 0.9, 0.1, 0.4, 0.3, 1.2};
  double dpos[3 * NP] = {0};
  __enzyme_autodiff((void *)particle_energy, enzyme_dup, pos, dpos);
  ck_gradient("vec3 particle energy", dpos, F_pos, pos, 3 * NP);
  double v[3 * NP];
  for (int i = 0; i < 3 * NP; i++) v[i] = 0.25 * ((i * 5) % 7) - 0.7;
  double jv = __enzyme_fwddiff((void *)particle_energy, enzyme_dup, pos, v);
  CHECK("vec3 particle energy: <grad, v> = Jv", ck_dot(dpos, v, 3 * NP), jv);

  double x[6] = {0.3, -0.8, 1.1, 0.45, -0.25, 0.9}, dx[6] = {0};
  double ds = __enzyme_autodiff((void *)transform_reduce_fn, enzyme_dup, x, dx, enzyme_const, 6, g_scale);
  ck_gradient("unique_ptr + transform/for_each: d/dx", dx, F_tr, x, 6);
  double h = ck_step(g_scale), s0 = g_scale;
  g_scale = s0 + h; double fp = F_tr(x);
  g_scale = s0 - h; double fm = F_tr(x);
  g_scale = s0;
  CHECK("unique_ptr + transform/for_each: d/dscale", ds, (fp - fm) / (2 * h));
  double vx[6] = {1, 0.5, -0.5, 0.25, 2, -1};
  double jt = __enzyme_fwddiff((void *)transform_reduce_fn, enzyme_dup, x, vx, enzyme_const, 6, g_scale, 0.0);
  CHECK("unique_ptr + transform/for_each: fwd dot", ck_dot(dx, vx, 6), jt);

  double c[7] = {0.5, -0.3, 0.8, 1.1, -0.6, 0.4, 0.9}, dc[7] = {0};
  __enzyme_autodiff((void *)vector_grow, enzyme_dup, c, dc, enzyme_const, 7);
  ck_gradient("vector resize/push_back poly", dc, F_grow, c, 7);
  double vc[7] = {0.2, 1, -1, 0.5, 0.3, -0.4, 0.7};
  double jc = __enzyme_fwddiff((void *)vector_grow, enzyme_dup, c, vc, enzyme_const, 7);
  CHECK("vector resize/push_back poly: fwd dot", ck_dot(dc, vc, 7), jc);
  return ck_done();
}
