// TEST: reverse mode over split mode: __enzyme_autodiff of a function whose inner gradient is made by __enzyme_augmentfwd and __enzyme_reverse; the augmented call returns { tape, primal } ({ptr, double}, a pointer beside a float), whose float field carries an adjoint and whose tape pointer a shadow. It was refused ("reverse mode over split mode") until reverse mode differentiated structs of floats beside pointers. Checked against finite differences and forward mode
#include <math.h>

#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const;
typedef struct {
  void *tape;
  double p;
} Aug;
Aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static double f(double *x) {
  double s = x[0] * x[0] * x[1] + sin(x[1]);
  for (int i = 0; i < 3; i++) s = s * 0.5 + cos(s * x[2]);
  return s;
}
// f's gradient by split mode, mixed with f's primal from the augmented call.
static double g0(double *x) {
  double g[3] = {0, 0, 0};
  Aug a = __enzyme_augmentfwd((void *)f, enzyme_dup, x, g);
  __enzyme_reverse((void *)f, enzyme_dup, x, g, 1.0, a.tape);
  return g[0] + a.p * g[1] + g[2] * g[2];
}

int main(void) {
  double x[3] = {0.5, 1.5, -0.4}, dx[3] = {0, 0, 0};
  __enzyme_autodiff((void *)g0, enzyme_dup, x, dx);
  ck_gradient("reverse over split mode: d/dx", dx, g0, x, 3);
  double v[3] = {0.3, -1.0, 0.5};
  double jv = __enzyme_fwddiff((void *)g0, enzyme_dup, x, v);
  double one = 1.0;
  ck_dot_test("reverse over split mode: forward against reverse", &one, &jv, 1, dx, v, 3);
  return ck_done();
}
