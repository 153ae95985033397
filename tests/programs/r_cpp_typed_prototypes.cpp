// TEST: C++ in the style of Enzyme's documentation: the entry points declared as variadic templates (template <typename R, typename... A> R __enzyme_autodiff(void*, A...)), so floats are passed unpromoted and markers as ints; a lambda turned into a function pointer with unary +, a template<auto F> gradient wrapper, a std::array by reference, operator-overloaded 3-vectors, and the dot-product test against __enzyme_fwddiff
#include "include/ck_array.h"
#include <array>
#include <cmath>

template <typename R, typename... A> R __enzyme_autodiff(void *, A...);
template <typename R, typename... A> R __enzyme_fwddiff(void *, A...);

struct V3 {
  double x, y, z;
};
static inline V3 operator+(V3 a, V3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
static inline V3 operator-(V3 a, V3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
static inline V3 operator*(double s, V3 a) { return {s * a.x, s * a.y, s * a.z}; }
static inline double dot(V3 a, V3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static inline double norm(V3 a) { return std::sqrt(dot(a, a)); }

/* energy of a 3-atom chain with bond springs and a bending term */
static double chain_energy(const std::array<V3, 3> &p, double k) {
  V3 a = p[1] - p[0], b = p[2] - p[1];
  double la = norm(a), lb = norm(b);
  double bend = dot(a, b) / (la * lb);
  return k * ((la - 1.0) * (la - 1.0) + (lb - 1.0) * (lb - 1.0)) + 0.3 * (1.0 - bend) + dot(0.1 * p[0], p[2] + p[1]);
}

struct G2 { double dx, dy; };
struct G2f { float dx, dy; };

template <auto F> static double dF(double x) { return __enzyme_autodiff<double>((void *)F, x); }
static double softplus(double x) { return std::log1p(std::exp(x)); }

static double PK = 1.6;
static double chain_flat(double *q) { return chain_energy(*reinterpret_cast<std::array<V3, 3> *>(q), PK); }

static double soft_ref(double x) { return softplus(x); }

int main() {
  /* lambda through unary + : its static invoker is the differentiated function */
  auto lam = [](double x, double y) { return std::sin(x) * y + x * x * y; };
  G2 g = __enzyme_autodiff<G2>((void *)+lam, 0.7, 1.3);
  CHECK("lambda via +: d/dx", g.dx, std::cos(0.7) * 1.3 + 2 * 0.7 * 1.3);
  CHECK("lambda via +: d/dy", g.dy, std::sin(0.7) + 0.49);

  /* float arguments pass unpromoted through a variadic template */
  auto lamf = [](float x, float y) { return x * y * y + std::exp(x); };
  G2f gf = __enzyme_autodiff<G2f>((void *)+lamf, 0.5f, 2.0f);
  CHECK_F32("float lambda: d/dx", gf.dx, 4.0 + std::exp(0.5));
  CHECK_F32("float lambda: d/dy", gf.dy, 2 * 0.5 * 2.0);

  CHECK("template<auto F> wrapper", dF<softplus>(0.4), ck_fd1(soft_ref, 0.4));

  std::array<V3, 3> p = {V3{0.1, 0.2, -0.1}, V3{1.0, 0.3, 0.2}, V3{1.6, 1.1, 0.4}};
  std::array<V3, 3> dp{};
  double dk = __enzyme_autodiff<double>((void *)chain_energy, enzyme_dup, &p, &dp, 1.6);
  double *q = reinterpret_cast<double *>(&p);
  ck_gradient("std::array<V3,3> chain energy", reinterpret_cast<double *>(&dp), chain_flat, q, 9);
  double k0 = PK;
  double h = ck_step(k0);
  double ep = chain_energy(p, k0 + h), em = chain_energy(p, k0 - h);
  CHECK("chain energy: d/dk (enzyme_out default)", dk, (ep - em) / (2 * h));

  /* forward along v, reverse already gave the gradient: <grad, v> = df(v) */
  std::array<V3, 3> v = {V3{0.3, -0.2, 0.5}, V3{0.1, 0.7, -0.4}, V3{-0.6, 0.2, 0.9}};
  double jv = __enzyme_fwddiff<double>((void *)chain_energy, enzyme_dup, &p, &v, enzyme_const, 1.6);
  double w = 1.0;
  ck_dot_test("chain energy", &w, &jv, 1, reinterpret_cast<double *>(&dp), reinterpret_cast<double *>(&v), 9);
  return ck_done();
}
