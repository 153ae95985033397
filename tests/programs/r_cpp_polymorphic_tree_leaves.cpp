// TEST: reverse and forward mode through an expression tree of polymorphic heap nodes built by recursion, its leaves also collected in a std::vector<Leaf *>; the gradient counts each input's leaves
#include <vector>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

struct Expr {
  virtual ~Expr() {}
  virtual double eval() const = 0;
};
struct Leaf : Expr {
  double v;
  explicit Leaf(double v) : v(v) {}
  double eval() const override { return v; }
};
struct Add : Expr {
  Expr *a, *b;
  Add(Expr *a, Expr *b) : a(a), b(b) {}
  ~Add() {
    delete a;
    delete b;
  }
  double eval() const override { return a->eval() * 0.5 + b->eval(); }
};

static Expr *build(const double *x, int d, int &k, std::vector<Leaf *> &leaves) {
  if (d == 0) {
    Leaf *l = new Leaf(x[k++ % 5]);
    leaves.push_back(l);
    return l;
  }
  Expr *l = build(x, d - 1, k, leaves);
  Expr *r = build(x, d - 1, k, leaves);
  return new Add(l, r);
}

static double tree_value(const double *x) {
  int k = 0;
  std::vector<Leaf *> leaves;
  Expr *e = build(x, 3, k, leaves);
  double v = e->eval() * (double)leaves.size();
  delete e;
  return v;
}

static double F(double *x) { return tree_value(x); }

int main() {
  double x[5] = {1, 2, 3, 4, 5}, dx[5] = {0};
  __enzyme_autodiff((void *)tree_value, enzyme_dup, x, dx);
  ck_gradient("polymorphic tree: d/dx", dx, F, x, 5);
  double v[5] = {0.3, -1.0, 0.5, 2.0, -0.25}, vx[5] = {1, 2, 3, 4, 5};
  double jv = __enzyme_fwddiff((void *)tree_value, enzyme_dup, vx, v);
  double one = 1.0;
  ck_dot_test("polymorphic tree: forward against reverse", &one, &jv, 1, dx, v, 5);
  return ck_done();
}
