// TEST: reverse and forward mode through type-erased and polymorphic values: std::variant<double, Pair, Poly> visited with std::visit and an overloaded lambda set, std::get_if, a polymorphic Shape hierarchy with a virtual clone() returning std::unique_ptr (copies made inside the gradient) and a virtual std::optional<double> hook only one class overrides; gradients against finite differences and the dot-product test
#include <cmath>
#include <memory>
#include <array>
#include <optional>
#include <variant>
#include <vector>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

struct Pair {
  double a, b;
};
struct Poly {
  double c0, c1, c2;
};
using Term = std::variant<double, Pair, Poly>;

static double eval_terms(const double *x) {
  // (A std::vector<Term> grown with emplace_back at -O1 moves variants whose bytes type
  // analysis joins with the visitor table's: refused with a diagnostic.)
  std::array<Term, 4> terms{Term{x[0]}, Term{Pair{x[1], x[2]}}, Term{Poly{x[3], x[4], x[5]}}, Term{x[1] * x[5]}};
  double t = 0.7, s = 0;
  for (const Term &term : terms) {
    s += std::visit(overloaded{[&](double c) { return c * t; },
                               [&](const Pair &p) { return p.a * std::sin(p.b * t); },
                               [&](const Poly &p) { return p.c0 + t * (p.c1 + t * p.c2); }},
                    term);
  }
  if (const Pair *p = std::get_if<Pair>(&terms[1])) s += p->a * p->b;
  return s;
}

struct Shape {
  virtual ~Shape() = default;
  virtual std::unique_ptr<Shape> clone() const = 0;
  virtual double area() const = 0;
  virtual void scale(double k) = 0;
  virtual std::optional<double> eccentricity() const { return std::nullopt; }
};
struct Ellipse final : Shape {
  double a, b;
  Ellipse(double a, double b) : a(a), b(b) {}
  // From the fields: `make_unique<Ellipse>(*this)` copies them with an untyped memcpy inside a
  // function only called through the vtable, which type analysis cannot type (refused).
  std::unique_ptr<Shape> clone() const override { return std::make_unique<Ellipse>(a, b); }
  double area() const override { return 3.14159 * a * b; }
  void scale(double k) override { a *= k, b *= k; }
  std::optional<double> eccentricity() const override { return std::sqrt(1.0 - (b * b) / (a * a)); }
};
struct Rect final : Shape {
  double w, h;
  Rect(double w, double h) : w(w), h(h) {}
  std::unique_ptr<Shape> clone() const override { return std::make_unique<Rect>(w, h); }
  double area() const override { return w * h; }
  void scale(double k) override { w *= k, h *= k; }
};

// (written without dynamic_cast, which was refused when this test was written; r_cpp_dynamic_cast.cpp covers it.)
static std::optional<double> ecc_of(const Shape &s) { return s.eccentricity(); }

static double shapes(const double *x) {
  std::vector<std::unique_ptr<Shape>> orig;
  orig.push_back(std::make_unique<Ellipse>(x[0] + 2.0, x[1] + 1.0));
  orig.push_back(std::make_unique<Rect>(x[2], x[3]));
  std::vector<std::unique_ptr<Shape>> copies;
  for (const auto &s : orig) {
    copies.push_back(s->clone());
    copies.back()->scale(1.0 + 0.1 * x[4]);
  }
  double s = 0;
  for (size_t i = 0; i < orig.size(); i++) {
    s += copies[i]->area() - 0.5 * orig[i]->area();
    s += ecc_of(*copies[i]).value_or(0.0);
  }
  return s;
}

static double both(const double *x) { return eval_terms(x) + shapes(x); }
static double F(double *x) { return both(x); }

int main() {
  double x[6] = {0.6, 0.3, 1.4, 0.8, 0.5, -0.9}, dx[6] = {0}, v[6] = {1.0, -0.3, 0.2, 0.7, -1.1, 0.4};
  __enzyme_autodiff((void *)both, enzyme_dup, x, dx);
  ck_gradient("variant, visit, virtual clone, optional", dx, F, x, 6);
  double one = 1.0, jv = __enzyme_fwddiff((void *)both, enzyme_dup, x, v);
  ck_dot_test("variant, visit, virtual clone, optional", &one, &jv, 1, dx, v, 6);
  return ck_done();
}
