// TEST: reverse and forward mode through a heap expression tree of classes with virtual eval methods, built recursively with new inside the differentiated function from a template parameter depth, evaluated twice and deleted; a local array of leaf pointers filled by the recursion

#include <cmath>
#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

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
  ~Add() { delete a; delete b; }
  double eval() const override { return a->eval() + b->eval(); }
};
struct Mul : Expr {
  Expr *a, *b;
  Mul(Expr *a, Expr *b) : a(a), b(b) {}
  ~Mul() { delete a; delete b; }
  double eval() const override { return a->eval() * b->eval(); }
};
struct Sin : Expr {
  Expr *a;
  explicit Sin(Expr *a) : a(a) {}
  ~Sin() { delete a; }
  double eval() const override { return std::sin(a->eval()); }
};

template <int Depth>
static Expr *build(const double *x, int &k, Leaf **leaves, int &nl) {
  if (Depth == 0) {
    Leaf *l = new Leaf(x[k++ % 5]);
    leaves[nl++] = l;
    return l;
  }
  Expr *l = build<(Depth > 0 ? Depth - 1 : 0)>(x, k, leaves, nl);
  Expr *r = build<(Depth > 0 ? Depth - 1 : 0)>(x, k, leaves, nl);
  if (Depth % 3 == 0) return new Sin(new Add(l, r));
  if (Depth % 2 == 0) return new Mul(l, r);
  return new Add(l, r);
}

static double tree_value(const double *x) {
  int k = 0;
  Leaf *leaves[64]; int nl = 0;
  Expr *e = build<4>(x, k, leaves, nl);
  double first = e->eval();
  for (size_t i = 0; i < (size_t)nl; i++) leaves[i]->v *= 0.5 + 0.1 * (double)i;
  double second = e->eval();
  delete e;
  return first + 0.3 * second * first;
}

static double F(double *x) { return tree_value(x); }

int main() {
  double x[5] = {0.4, -0.7, 1.2, 0.25, -0.35}, dx[5] = {0};
  __enzyme_autodiff((void *)tree_value, enzyme_dup, x, dx);
  ck_gradient("expression tree (reverse)", dx, F, x, 5);
  for (int i = 0; i < 5; i++) {
    double v[5] = {0};
    v[i] = 1.0;
    double t = __enzyme_fwddiff((void *)tree_value, enzyme_dup, x, v);
    char label[64];
    snprintf(label, sizeof label, "expression tree (forward) d/dx[%d]", i);
    CHECK(label, t, ck_fd_partial(F, x, i));
  }
  return ck_done();
}
