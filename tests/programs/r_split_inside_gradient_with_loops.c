// TEST: reverse over split mode (__enzyme_augmentfwd/__enzyme_reverse of a function returning a struct of two doubles, inside a function __enzyme_autodiff differentiates) beside a second gradient of a function with nested counted loops: the second round of the driver generates tape helpers (__catalase_tape_presize) that the first round already defined ("already defined in the module" through the plugin before); checked against finite differences and forward mode
#include <math.h>

#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double a, b;
} Pair;
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

// Counted loops, one inside another, that keep values on the tape: its size is planned where
// the gradient starts (`__catalase_tape_presize`).
static double looped(double *x) {
  double s = 0.0, acc[4];
  for (int i = 0; i < 4; i++) {
    acc[i] = 0.0;
    for (int j = 0; j < 4; j++) acc[i] += sin(x[i] * x[j]) * exp(-0.1 * x[j]);
  }
  for (int i = 0; i < 4; i++) s += acc[i] * acc[i] * x[3 - i];
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
  __enzyme_autodiff((void *)looped, enzyme_dup, x, dy);
  ck_gradient("nested loops: d/dx", dy, looped, x, 4);
  double jw = __enzyme_fwddiff((void *)looped, enzyme_dup, x, v);
  ck_dot_test("nested loops: forward against reverse", &one, &jw, 1, dy, v, 4);
  return ck_done();
}
