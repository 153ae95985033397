// TEST: reverse and forward mode through multiple inheritance: a class deriving from two polymorphic interfaces (Energy and Constraint) whose second base's virtual calls go through this-adjusting thunks, objects made with new inside the gradient and deleted through the second base's virtual destructor, a diamond with a virtual base holding the parameters, calls through a pointer-to-member-function, and an abstract base's non-virtual template method calling the virtual hooks; gradients against finite differences and the dot-product test
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

struct Energy {
  virtual ~Energy() = default;
  virtual double energy(const double *q) const = 0;
};
struct Constraint {
  virtual ~Constraint() = default;
  virtual double violation(const double *q) const = 0;
  double penalty(const double *q, double mu) const {  // template method
    double v = violation(q);
    return mu * v * v;
  }
};

struct Spring final : Energy, Constraint {
  double k, rest;
  int i, j;
  Spring(double k, double rest, int i, int j) : k(k), rest(rest), i(i), j(j) {}
  double energy(const double *q) const override {
    double d = q[j] - q[i] - rest;
    return 0.5 * k * d * d;
  }
  double violation(const double *q) const override { return std::tanh(q[j] - q[i]) - 0.5; }
};

// A diamond: Params is a virtual base of both Left and Right.
struct Params {
  double scale;
  explicit Params(double s) : scale(s) {}
  virtual ~Params() = default;
};
struct Left : virtual Params {
  Left() : Params(0) {}
  virtual double left(double t) const { return scale * std::sin(t); }
};
struct Right : virtual Params {
  Right() : Params(0) {}
  virtual double right(double t) const { return scale * t * t; }
};
struct Both final : Left, Right {
  explicit Both(double s) : Params(s) {}
  double left(double t) const override { return Left::left(t) + 0.1 * t; }
};

static double system_energy(const double *q, int n) {
  std::vector<Constraint *> cons;
  std::vector<Energy *> terms;
  for (int i = 0; i + 1 < n; i++) {
    Spring *s = new Spring(1.0 + 0.5 * i, 0.8, i, i + 1);
    terms.push_back(s);
    cons.push_back(s);  // the Constraint base sits 8 bytes into Spring
  }
  double e = 0;
  for (const Energy *t : terms) e += t->energy(q);
  double (Constraint::*viol)(const double *) const = &Constraint::violation;
  for (const Constraint *c : cons) e += c->penalty(q, 2.0) + 0.1 * (c->*viol)(q);
  for (Constraint *c : cons) delete c;  // through the second base's virtual destructor
  Both *b = new Both(q[0]);
  const Left *l = b;
  const Right *r = b;
  e += l->left(q[1]) + r->right(q[n - 1]) + b->scale;
  delete static_cast<Params *>(b);
  return e;
}

static double F(double *q) { return system_energy(q, 5); }

int main() {
  double q[5] = {0.2, 1.1, 1.7, 2.9, 3.4}, dq[5] = {0}, v[5] = {1.0, -0.5, 0.25, 0.7, -1.2};
  __enzyme_autodiff((void *)system_energy, enzyme_dup, q, dq, enzyme_const, 5);
  ck_gradient("multiple inheritance, thunks, virtual bases", dq, F, q, 5);
  double one = 1.0, jv = __enzyme_fwddiff((void *)system_energy, enzyme_dup, q, v, enzyme_const, 5);
  ck_dot_test("multiple inheritance, thunks, virtual bases", &one, &jv, 1, dq, v, 5);
  return ck_done();
}
