// TEST: reverse and forward mode through mutual recursion (even/odd steps calling each other with an active accumulator), recursion that allocates a scratch block per level and frees it on the way out, a recursive binary expression tree evaluated through a switch on node kinds, and a divide-and-conquer sum whose split point depends on the data length
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NOINLINE __attribute__((noinline))

NOINLINE static double odd_step(double a, const double *x, int n);
NOINLINE static double even_step(double a, const double *x, int n) {
  if (n == 0) return a;
  return odd_step(a * x[n - 1] + cos(a), x, n - 1);
}
NOINLINE static double odd_step(double a, const double *x, int n) {
  if (n == 0) return a * a;
  return even_step(a + x[n - 1] * x[n - 1] * 0.5, x, n - 1);
}

static double mutual(double *x, double a0) { return even_step(a0, x, 7); }

NOINLINE static double scratch_rec(const double *x, int n) {
  if (n <= 1) return x[0];
  double *tmp = malloc(sizeof(double) * (n - 1));
  for (int i = 0; i < n - 1; i++) tmp[i] = 0.5 * (x[i] + x[i + 1]) + 0.1 * x[i] * x[i + 1];
  double r = scratch_rec(tmp, n - 1);
  free(tmp);
  return r * (1.0 + 0.05 * x[n - 1]);
}

static double pyramid(double *x) { return scratch_rec(x, 7); }

enum kind { LEAF, ADD, MUL, SIN, DIV };
typedef struct expr {
  enum kind k;
  int leaf;
  const struct expr *a, *b;
} expr;

NOINLINE static double eval(const expr *e, const double *x) {
  switch (e->k) {
  case LEAF: return x[e->leaf];
  case ADD: return eval(e->a, x) + eval(e->b, x);
  case MUL: return eval(e->a, x) * eval(e->b, x);
  case SIN: return sin(eval(e->a, x));
  case DIV: return eval(e->a, x) / (1.0 + eval(e->b, x) * eval(e->b, x));
  }
  return 0.0;
}

static const expr L0 = {LEAF, 0, 0, 0}, L1 = {LEAF, 1, 0, 0}, L2 = {LEAF, 2, 0, 0}, L3 = {LEAF, 3, 0, 0};
static const expr E1 = {MUL, 0, &L0, &L1}, E2 = {SIN, 0, &E1, 0}, E3 = {ADD, 0, &E2, &L2};
static const expr E4 = {DIV, 0, &E3, &L3}, E5 = {MUL, 0, &E4, &E3}, ROOT = {ADD, 0, &E5, &E1};

static double tree(double *x) { return eval(&ROOT, x); }

NOINLINE static double dc_sum(const double *x, int lo, int hi) {
  if (hi - lo == 1) return x[lo] * x[lo] * x[lo];
  int mid = lo + (hi - lo) / 3 + 1;
  if (mid >= hi) mid = hi - 1;
  double l = dc_sum(x, lo, mid), r = dc_sum(x, mid, hi);
  return l * 0.9 + r * 1.1 + 0.01 * l * r;
}

static double dc(double *x) { return dc_sum(x, 0, 8); }

static double A0 = 0.4;
static double F_mutual(double *x) { return mutual(x, A0); }

static const double V[8] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45, 0.9, -0.35};

#define BOTH(what, fn, x, n)                                  \
  do {                                                        \
    double dx_[8] = {0}, v_[8], one_ = 1.0;                   \
    __enzyme_autodiff((void *)fn, enzyme_dup, x, dx_);        \
    ck_gradient(what, dx_, fn, x, n);                         \
    memcpy(v_, V, sizeof v_);                                 \
    double jv_ = __enzyme_fwddiff((void *)fn, enzyme_dup, x, v_); \
    ck_dot_test(what, &one_, &jv_, 1, dx_, V, n);             \
  } while (0)

int main(void) {
  double x[8] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35, 1.1, -0.15};
  {
    double dx[8] = {0};
    double da = __enzyme_autodiff((void *)mutual, enzyme_dup, x, dx, A0);
    ck_gradient("mutual recursion", dx, F_mutual, x, 7);
    double xx[8];
    memcpy(xx, x, sizeof xx);
    double h = ck_step(A0);
    double fda = (mutual(xx, A0 + h) - mutual(xx, A0 - h)) / (2 * h);
    CHECK("mutual recursion: d/da0", da, fda);
    double v[8];
    memcpy(v, V, sizeof v);
    double jv = __enzyme_fwddiff((void *)mutual, enzyme_dup, x, v, A0, 0.5);
    CHECK("mutual recursion: <J, (v, 0.5)>", jv, ck_dot(dx, V, 7) + 0.5 * da);
  }
  BOTH("scratch per level", pyramid, x, 7);
  BOTH("expression tree", tree, x, 4);
  BOTH("divide and conquer", dc, x, 8);
  return ck_done();
}
