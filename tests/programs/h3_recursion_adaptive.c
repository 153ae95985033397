// TEST: reverse and split mode through recursion whose shape depends on the data: adaptive Simpson quadrature (the recursion tree is decided by error estimates of the active integrand; checked away from its switch points) differentiated in its parameters and its upper limit, an expression tree of heap nodes built recursively, evaluated by a recursive switch on the node kind and freed by a recursive free, and mutual recursion with a data-dependent depth; gradients against finite differences, the dot-product test against forward mode, and split-mode tapes reversed twice with enzyme_nofree
#include <stdlib.h>

#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

/* ---- adaptive Simpson ---- */
static double fun(double t, const double *p) { return exp(-p[0] * t * t) * cos(p[1] * t); }
static double simpson(double a, double b, double fa, double fm, double fb) {
  return (b - a) / 6.0 * (fa + 4.0 * fm + fb);
}
static double adapt(const double *p, double a, double b, double fa, double fm, double fb, double whole,
                    double eps, int depth) {
  double m = 0.5 * (a + b), lm = 0.5 * (a + m), rm = 0.5 * (m + b);
  double flm = fun(lm, p), frm = fun(rm, p);
  double left = simpson(a, m, fa, flm, fm), right = simpson(m, b, fm, frm, fb);
  if (depth <= 0 || fabs(left + right - whole) <= 15.0 * eps) return left + right + (left + right - whole) / 15.0;
  return adapt(p, a, m, fa, flm, fm, left, eps / 2, depth - 1) +
         adapt(p, m, b, fm, frm, fb, right, eps / 2, depth - 1);
}
static double integ(const double *p, double b) {
  double fa = fun(0.0, p), fb = fun(b, p), fm = fun(0.5 * b, p);
  return adapt(p, 0.0, b, fa, fm, fb, simpson(0.0, b, fa, fm, fb), 1e-7, 12);
}
static double P[2] = {0.7, 2.3};
static double F_integ(double *p) { return integ(p, 2.5); }
static double F_integ_b(double b) { return integ(P, b); }

/* ---- expression tree on the heap ---- */
typedef struct node {
  int kind; /* 0 leaf x[i], 1 add, 2 mul, 3 sin, 4 div */
  int leaf;
  struct node *l, *r;
} node;
static node *build(int depth, int seed) {
  node *n = malloc(sizeof *n);
  n->l = n->r = NULL;
  if (depth <= 0) {
    n->kind = 0;
    n->leaf = seed % 6;
    return n;
  }
  n->kind = 1 + seed % 4;
  n->l = build(depth - 1, seed * 3 + 1);
  if (n->kind != 3) n->r = build(depth - 1 - (seed & 1), seed * 5 + 2);
  return n;
}
static double eval(const node *n, const double *x) {
  switch (n->kind) {
  case 0: return x[n->leaf];
  case 1: return eval(n->l, x) + eval(n->r, x);
  case 2: return eval(n->l, x) * eval(n->r, x);
  case 3: return sin(eval(n->l, x));
  default: {
    double d = eval(n->r, x);
    return eval(n->l, x) / (1.0 + d * d);
  }
  }
}
__attribute__((noinline)) static void tree_free(node *n) {
  if (!n) return;
  tree_free(n->l);
  tree_free(n->r);
  free(n);
}
static double tree_value(const double *x, int depth) {
  node *t = build(depth, 7);
  double v = eval(t, x);
  tree_free(t);
  return v;
}
static double F_tree(double *x) { return tree_value(x, 5); }

/* ---- mutual recursion, depth from the data ---- */
static double down(double a, double b);
static double up(double a, double b) {
  if (a < 0.05) return b * b;
  return down(a * 0.6, b + sin(a) * 0.5);
}
static double down(double a, double b) {
  if (a < 0.05) return b;
  return up(a * 0.8, b * cos(0.3 * a));
}
static double F_up_a(double a) { return up(a, 0.4); }
static double F_up_b(double b) { return up(1.7, b); }
typedef struct { double da, db; } G2;
G2 __enzyme_autodiff_g2(void *, ...) __asm__("__enzyme_autodiff");
G2 __enzyme_reverse_g2(void *, ...) __asm__("__enzyme_reverse");

int main(void) {
  double one = 1.0;
  /* adaptive Simpson */
  double dp[2] = {0};
  double db = __enzyme_autodiff((void *)integ, enzyme_dup, P, dp, 2.5);
  ck_gradient("adaptive Simpson", dp, F_integ, P, 2);
  CHECK("adaptive Simpson: d/d upper limit", db, ck_fd1(F_integ_b, 2.5));
  double vp[2] = {0.6, -1.1};
  double jv = __enzyme_fwddiff((void *)integ, enzyme_dup, P, vp, 2.5, 0.0);
  ck_dot_test("adaptive Simpson", &one, &jv, 1, dp, vp, 2);

  /* expression tree */
  double x[6] = {0.7, -0.4, 1.1, 0.25, -0.9, 0.5}, dx[6] = {0};
  double vx[6] = {0.3, 1.0, -0.5, 0.8, 0.1, -0.7};
  __enzyme_autodiff((void *)tree_value, enzyme_dup, x, dx, enzyme_const, 5);
  ck_gradient("heap expression tree", dx, F_tree, x, 6);
  double jt = __enzyme_fwddiff((void *)tree_value, enzyme_dup, x, vx, enzyme_const, 5);
  ck_dot_test("heap expression tree", &one, &jt, 1, dx, vx, 6);

  /* split mode over the tree, one tape reversed twice */
  double dx1[6] = {0}, dx2[6] = {0};
  ck_aug a = __enzyme_augmentfwd((void *)tree_value, enzyme_dup, x, dx1, enzyme_const, 5);
  CHECK_PRIMAL("split tree: primal", a.primal, F_tree(x));
  __enzyme_reverse((void *)tree_value, enzyme_nofree, enzyme_dup, x, dx1, enzyme_const, 5, 1.0, a.tape);
  __enzyme_reverse((void *)tree_value, enzyme_dup, x, dx2, enzyme_const, 5, -2.0, a.tape);
  ck_gradient("split tree, nofree sweep", dx1, F_tree, x, 6);
  for (int i = 0; i < 6; i++) dx2[i] /= -2.0;
  ck_gradient("split tree, second sweep seeded -2", dx2, F_tree, x, 6);

  /* mutual recursion */
  G2 g = __enzyme_autodiff_g2((void *)up, 1.7, 0.4);
  CHECK("mutual recursion: d/da", g.da, ck_fd1(F_up_a, 1.7));
  CHECK("mutual recursion: d/db", g.db, ck_fd1(F_up_b, 0.4));
  ck_aug u = __enzyme_augmentfwd((void *)up, 1.7, 0.4);
  G2 gs = __enzyme_reverse_g2((void *)up, 1.7, 0.4, 1.0, u.tape);
  CHECK("split mutual recursion: d/da", gs.da, ck_fd1(F_up_a, 1.7));
  CHECK("split mutual recursion: d/db", gs.db, ck_fd1(F_up_b, 0.4));
  double ju = __enzyme_fwddiff((void *)up, 1.7, 0.5, 0.4, -1.0);
  CHECK("mutual recursion: dot test", 0.5 * g.da - g.db, ju);
  return ck_done();
}
