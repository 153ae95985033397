// TEST: reverse mode through an expression tree of C++ objects allocated with new inside the differentiated function: an abstract Node with virtual eval() overridden by Var, Const, Add, Mul, Sin and Pow nodes, evaluated by recursion over the tree, children held in std::unique_ptr-free raw pointers and freed by a recursive virtual destructor; the tree shape comes from an integer program passed enzyme_const
#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);

struct Node {
  virtual ~Node() {}
  virtual double eval(const double *x) const = 0;
};
struct Var : Node {
  int i;
  explicit Var(int i) : i(i) {}
  double eval(const double *x) const override { return x[i]; }
};
struct Const : Node {
  double c;
  explicit Const(double c) : c(c) {}
  double eval(const double *) const override { return c; }
};
struct Bin : Node {
  Node *l, *r;
  Bin(Node *l, Node *r) : l(l), r(r) {}
  ~Bin() override {
    delete l;
    delete r;
  }
};
struct Add : Bin {
  using Bin::Bin;
  double eval(const double *x) const override { return l->eval(x) + r->eval(x); }
};
struct Mul : Bin {
  using Bin::Bin;
  double eval(const double *x) const override { return l->eval(x) * r->eval(x); }
};
struct Pow : Bin {
  using Bin::Bin;
  double eval(const double *x) const override { return pow(l->eval(x), r->eval(x)); }
};
struct Sin : Node {
  Node *a;
  explicit Sin(Node *a) : a(a) {}
  ~Sin() override { delete a; }
  double eval(const double *x) const override { return sin(a->eval(x)); }
};

/* Builds the tree from a prefix program: 0 var, 1 const, 2 add, 3 mul, 4 sin, 5 pow. */
static Node *build(const int *prog, int *pc, const double *consts) {
  int op = prog[(*pc)++];
  switch (op) {
  case 0: return new Var(prog[(*pc)++]);
  case 1: return new Const(consts[prog[(*pc)++]]);
  case 4: return new Sin(build(prog, pc, consts));
  default: {
    Node *l = build(prog, pc, consts);
    Node *r = build(prog, pc, consts);
    if (op == 2) return new Add(l, r);
    if (op == 3) return new Mul(l, r);
    return new Pow(l, r);
  }
  }
}

/* The constants are active too: the tree holds copies of them. */
static double tree_value(const double *x, const double *consts, const int *prog) {
  int pc = 0;
  Node *t = build(prog, &pc, consts);
  double v = t->eval(x) + 0.5 * t->eval(x) * t->eval(x);
  delete t;
  return v;
}

/* (x0 * sin(x1 + c0)) + pow(x2, c1) * (x0 + x1) */
static const int PROG[] = {2, 3, 0, 0, 4, 2, 0, 1, 1, 0, 3, 5, 0, 2, 1, 1, 2, 0, 0, 0, 1};
static double C[2] = {0.3, 1.5};
static double X[3] = {0.7, -0.4, 1.3};
static double F_x(double *x) { return tree_value(x, C, PROG); }
static double F_c(double *c) { return tree_value(X, c, PROG); }

int main() {
  double dx[3] = {0}, dc[2] = {0};
  __enzyme_autodiff((void *)tree_value, enzyme_dup, X, dx, enzyme_dup, C, dc, enzyme_const, PROG);
  ck_gradient("expression tree: inputs", dx, F_x, X, 3);
  ck_gradient("expression tree: constants", dc, F_c, C, 2);
  return ck_done();
}
