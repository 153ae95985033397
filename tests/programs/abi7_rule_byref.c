// TEST: ABI §6.1 "byref_K" strings after a gradient registration: the augmented and reverse functions take their parameter K by reference (a pointer to a copy of the value the primal takes by value), including the reverse function's differential return; used inside differentiated code in combined and split mode, against finite differences and the dot-product test
#include "include/catalase_check.h"

typedef struct { double a, b; } G2;
G2 __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
typedef struct { void *tape; double primal; } Aug;
Aug __enzyme_augmentfwd(void *, ...);
G2 __enzyme_reverse(void *, ...);

/* f(x, y) = x^2 y + sin(y); the rules take x (parameter 0) and the reverse's d_ret (parameter 2)
   by reference; y comes by value. */
__attribute__((noinline)) double f(double x, double y) { return x * x * y + sin(y); }
double f_aug(const double *x, double y) { return *x * *x * y + sin(y); }
G2 f_rev(const double *x, double y, const double *d) {
  G2 g = {*d * 2 * *x * y, *d * (*x * *x + cos(y))};
  return g;
}
void *__enzyme_register_gradient_f[] = {(void *)f, (void *)f_aug, (void *)f_rev, (void *)"byref_0", (void *)"byref_2"};

static double model(double x, double y) { return f(x * 0.5, y) * exp(0.1 * x); }
static double model_x(double x) { return model(x, 0.9); }
static double model_y(double y) { return model(1.4, y); }
static double plain(double x, double y) { return (0.25 * x * x * y + sin(y)) * exp(0.1 * x); }

int main(void) {
  const double x = 1.4, y = 0.9;
  G2 g = __enzyme_autodiff((void *)model, x, y);
  CHECK("byref rule combined: d/dx", g.a, ck_fd1(model_x, x));
  CHECK("byref rule combined: d/dy", g.b, ck_fd1(model_y, y));
  CHECK("byref rule: dot test", 0.4 * g.a + 0.6 * g.b, __enzyme_fwddiff((void *)plain, x, 0.4, y, 0.6));
  Aug a = __enzyme_augmentfwd((void *)model, x, y);
  CHECK_PRIMAL("byref rule split: primal", a.primal, model(x, y));
  G2 s = __enzyme_reverse((void *)model, x, y, 2.0, a.tape);
  CHECK("byref rule split: d/dx (dret 2)", s.a, 2 * ck_fd1(model_x, x));
  CHECK("byref rule split: d/dy (dret 2)", s.b, 2 * ck_fd1(model_y, y));
  return ck_done();
}
