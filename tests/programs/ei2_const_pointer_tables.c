// TEST: both modes through `static const` data that holds addresses: a tree of const nodes linked by pointers evaluated recursively (the shadow of a pointer loaded from a constant must be the pointee's shadow, not null), gradients taken twice in a row and at width 2, and a const struct pointing to const coefficient rows
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
typedef struct { double a, b; } two;
two __enzyme_fwddiff2(void *, ...) __asm__("__enzyme_fwddiff");
extern int enzyme_width, enzyme_dupv;

#define NOINLINE __attribute__((noinline))

enum op { LEAF, ADD, MUL, EXP };
typedef struct node {
  enum op op;
  int idx;
  const struct node *l, *r;
} node;

NOINLINE static double eval(const node *n, const double *x) {
  switch (n->op) {
  case LEAF: return x[n->idx];
  case ADD: return eval(n->l, x) + eval(n->r, x);
  case MUL: return eval(n->l, x) * eval(n->r, x);
  case EXP: return exp(0.5 * eval(n->l, x));
  }
  return 0.0;
}

static const node X0 = {LEAF, 0, 0, 0}, X1 = {LEAF, 1, 0, 0}, X2 = {LEAF, 2, 0, 0}, X3 = {LEAF, 3, 0, 0};
static const node M01 = {MUL, 0, &X0, &X1}, E2 = {EXP, 0, &X2, 0}, A = {ADD, 0, &M01, &E2};
static const node M = {MUL, 0, &A, &X3}, ROOT = {ADD, 0, &M, &M01};
static const node *const ROOTS[2] = {&ROOT, &A};

static double tree_obj(double *x) { return eval(ROOTS[0], x) + eval(ROOTS[1], x) * x[0]; }

static const double ROW0[4] = {1.0, -0.5, 0.25, 2.0}, ROW1[4] = {0.3, 0.7, -1.1, 0.4};
typedef struct { const double *rows[2]; int n; } coef;
static const coef C = {{ROW0, ROW1}, 4};

NOINLINE static double bilinear(const coef *c, const double *x) {
  double s = 0.0;
  for (int i = 0; i < c->n; i++) s += c->rows[0][i] * x[i] * c->rows[1][(i + 1) % c->n] * x[(i + 1) % c->n];
  return s;
}

static double coef_obj(double *x) { return bilinear(&C, x) + cos(bilinear(&C, x)); }

static const double V[8] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45, 0.9, -0.35};
static const double V2[8] = {-0.7, 0.4, 0.15, 0.6, 0.2, -0.3, 0.5, 0.8};

#define BOTH(what, fn, x, n)                                           \
  do {                                                                 \
    for (int rep_ = 0; rep_ < 2; rep_++) {                             \
      double dx_[8] = {0}, v_[8], one_ = 1.0;                          \
      __enzyme_autodiff((void *)fn, enzyme_dup, x, dx_);               \
      ck_gradient(what, dx_, fn, x, n);                                \
      memcpy(v_, V, sizeof v_);                                        \
      double jv_ = __enzyme_fwddiff((void *)fn, enzyme_dup, x, v_);    \
      ck_dot_test(what, &one_, &jv_, 1, dx_, V, n);                    \
    }                                                                  \
    double vv_[16];                                                    \
    for (int i_ = 0; i_ < 8; i_++) {                                   \
      vv_[i_] = V[i_];                                                 \
      vv_[8 + i_] = V2[i_];                                            \
    }                                                                  \
    double dx2_[8] = {0};                                              \
    __enzyme_autodiff((void *)fn, enzyme_dup, x, dx2_);                \
    two t_ = __enzyme_fwddiff2((void *)fn, enzyme_width, 2, enzyme_dupv, sizeof(double) * 8, x, vv_); \
    CHECK(what " width 2 lane 0", t_.a, ck_dot(dx2_, V, n));           \
    CHECK(what " width 2 lane 1", t_.b, ck_dot(dx2_, V2, n));          \
  } while (0)

int main(void) {
  double x[8] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35, 1.1, -0.15};
  BOTH("const node tree", tree_obj, x, 4);
  BOTH("const struct of const rows", coef_obj, x, 4);
  return ck_done();
}
