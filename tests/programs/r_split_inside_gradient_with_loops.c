// TEST: reverse over split mode (__enzyme_augmentfwd/__enzyme_reverse of a function returning a struct of two doubles, inside a function __enzyme_autodiff differentiates) beside a second gradient of functions with loops and structs nesting arrays of doubles beside pointers: the second round of the driver generates tape helpers (__catalase_tape_presize) that the first round already defined ("already defined in the module" through the plugin before); checked against finite differences and forward mode
#include <math.h>

#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double a, b;
} Pair;
typedef struct {
  double v;
  int k;
} Tagged;
typedef struct {
  void *tape;
  Pair p;
} AugPair;
AugPair __enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);

static Pair pair(double *x) {
  Pair r = {x[0] * x[1], sin(x[2]) + x[0]};
  return r;
}
// Gradients made by split mode inside the function reverse mode differentiates.
static double over_split(double *x) {
  double g[4] = {0, 0, 0, 0};
  AugPair a = __enzyme_augmentfwd((void *)pair, enzyme_dup, x, g);
  __enzyme_reverse((void *)pair, enzyme_dup, x, g, 1.0, 0.5, a.tape);
  return a.p.a * g[0] + a.p.b * g[1] + g[2] * a.p.a * a.p.b;
}

typedef struct {
  double a[2];
  double *p;
} ArrPtr;
typedef struct {
  Tagged t;
  double *p;
} TagPtr;
typedef struct {
  double v;
  double *p;
} DP;

__attribute__((noinline)) static ArrPtr make(double *x, int i) {
  ArrPtr r = {{x[i] * x[i + 1], cos(x[i])}, x + i + 1};
  return r;
}
__attribute__((noinline)) static double use(ArrPtr r) { return r.a[0] * r.p[0] + r.a[1] * r.p[1]; }
__attribute__((noinline)) static TagPtr step(TagPtr c) {
  TagPtr n = {{c.t.v * 0.5 + sin(c.p[0]), c.t.k + 1}, c.p + 1};
  return n;
}

static double nested(double *x) {
  ArrPtr r = make(x, 0);
  double s = use(r);
  ArrPtr kept[2];
  for (int i = 0; i < 2; i++) kept[i] = make(x, i + 1);
  for (int i = 1; i >= 0; i--) s += kept[i].a[0] * kept[i].a[1] * kept[i].p[0];
  TagPtr c = {{x[3], 0}, x};
  for (int i = 0; i < 3; i++) c = step(c);
  s += c.t.v * c.t.v * c.t.k;
  DP row[3];
  for (int i = 0; i < 3; i++) {
    DP d = {x[i] * x[i + 1], x + 3 - i};
    row[i] = d;
  }
  for (int i = 0; i < 3; i++) s += row[i].v * row[i].p[0];
  return s;
}

int main(void) {
  double x[4] = {0.5, 1.5, -0.4, 0.8}, v[4] = {0.3, -1.0, 0.5, 0.25}, one = 1.0;
  double dx[4] = {0, 0, 0, 0};
  __enzyme_autodiff((void *)over_split, enzyme_dup, x, dx);
  ck_gradient("reverse over split, nested primal: d/dx", dx, over_split, x, 4);
  double jv = __enzyme_fwddiff((void *)over_split, enzyme_dup, x, v);
  ck_dot_test("reverse over split, nested primal: forward against reverse", &one, &jv, 1, dx, v, 4);
  double dy[4] = {0, 0, 0, 0};
  __enzyme_autodiff((void *)nested, enzyme_dup, x, dy);
  ck_gradient("nested aggregates: d/dx", dy, nested, x, 4);
  double jw = __enzyme_fwddiff((void *)nested, enzyme_dup, x, v);
  ck_dot_test("nested aggregates: forward against reverse", &one, &jw, 1, dy, v, 4);
  return ck_done();
}
