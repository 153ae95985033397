// TEST: ABI §6.2 augmented-result shapes, each in a rule used inside differentiated code, in combined reverse and split mode: the primal type alone (no tape), {tape, primal} (two fields of different types), {primal, shadow} is not used (needs a pointer result), a bare tape (any other non-void type: a double* ), void (no tape, no primal: the function is pure); an int parameter followed by its shadow; reverse functions returning one gradient, a struct of two, and void (pointer shadows updated in place); each against finite differences, combined against forward mode by the dot-product test
#include "include/catalase_check.h"

double __enzyme_autodiff(void *, ...);
typedef struct { double a, b; } G2;
G2 __enzyme_autodiff_g2(void *, ...);
double __enzyme_fwddiff(void *, ...);
typedef struct { void *tape; double primal; } Aug;
Aug __enzyme_augmentfwd(void *, ...);
G2 __enzyme_reverse(void *, ...);

/* 1. primal type only: scale(x, k) = x^k for an int k */
__attribute__((noinline)) double ipow(double x, int k) { double r = 1; for (int i = 0; i < k; i++) r *= x; return r; }
double ipow_aug(double x, int k, int k_shadow) { (void)k_shadow; return ipow(x, k); }
double ipow_rev(double x, int k, int k_shadow, double d) { (void)k_shadow; return d * k * ipow(x, k - 1); }
void *__enzyme_register_gradient_ipow[] = {(void *)ipow, (void *)ipow_aug, (void *)ipow_rev};

/* 2. {tape, primal} with different types: the tape is an int-sized exponent e^x computed once */
__attribute__((noinline)) double expm(double x, double y) { return exp(x) * y; }
typedef struct { double *t; double p; } TP;
TP expm_aug(double x, double y) { TP r; r.t = malloc(sizeof(double)); *r.t = exp(x); r.p = *r.t * y; return r; }
G2 expm_rev(double x, double y, double d, double *t) { (void)x; G2 g = {d * *t * y, d * *t}; free(t); return g; }
void *__enzyme_register_gradient_expm[] = {(void *)expm, (void *)expm_aug, (void *)expm_rev};

/* 3. a bare tape (double*), void reverse updating a pointer shadow: out[0] = sin(in[0]) */
__attribute__((noinline)) void psin(const double *in, double *out) { out[0] = sin(in[0]); }
double *psin_aug(const double *in, const double *din, double *out, double *dout) {
  (void)din, (void)dout;
  double *t = malloc(sizeof(double));
  *t = cos(in[0]);
  out[0] = sin(in[0]);
  return t;
}
void psin_rev(const double *in, double *din, const double *out, double *dout, double *t) {
  (void)in, (void)out;
  din[0] += dout[0] * *t;
  dout[0] = 0;
  free(t);
}
void *__enzyme_register_gradient_psin[] = {(void *)psin, (void *)psin_aug, (void *)psin_rev};

/* 4. void augmented (pure function: Catalase calls it again for the primal), reverse without a tape */
__attribute__((noinline, const)) double cube(double x) { return x * x * x; }
void cube_aug(double x) { (void)x; }
double cube_rev(double x, double d) { return 3 * x * x * d; }
void *__enzyme_register_gradient_cube[] = {(void *)cube, (void *)cube_aug, (void *)cube_rev};

static double model(double x, double y) {
  double in[1] = {x * y}, out[1];
  psin(in, out);
  return ipow(x, 3) + expm(x, y) + out[0] * cube(y);
}
static double model_x(double x) { return model(x, 0.6); }
static double model_y(double y) { return model(1.2, y); }
/* the same without rules, for forward mode */
static double plain(double x, double y) { return x * x * x + exp(x) * y + sin(x * y) * y * y * y; }

int main(void) {
  const double x = 1.2, y = 0.6;
  double fx = ck_fd1(model_x, x), fy = ck_fd1(model_y, y);
  G2 g = __enzyme_autodiff_g2((void *)model, x, y);
  CHECK("rules combined: d/dx", g.a, fx);
  CHECK("rules combined: d/dy", g.b, fy);
  CHECK("rules combined: dot test", 0.3 * g.a - 0.7 * g.b, __enzyme_fwddiff((void *)plain, x, 0.3, y, -0.7));
  Aug a = __enzyme_augmentfwd((void *)model, x, y);
  CHECK_PRIMAL("rules split: primal", a.primal, model(x, y));
  G2 s = __enzyme_reverse((void *)model, x, y, 1.0, a.tape);
  CHECK("rules split: d/dx", s.a, fx);
  CHECK("rules split: d/dy", s.b, fy);
  return ck_done();
}
