// TEST: user reverse rules (__enzyme_register_gradient, ABI §6.2) called inside differentiated code: pointer arguments with an opaque tape (the ABI's own example), a scalar rule without a tape, a {tape, primal} result with an int parameter followed by its shadow, rules used in a loop
#include <stdlib.h>

#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const, enzyme_out;
double __enzyme_autodiff(void *, ...);

/* Black boxes: inline asm hides the arithmetic, so only the rules can differentiate them. */
__attribute__((noinline)) void sq(const double *src, double *dst) {
  double r = src[0] * src[0];
  __asm__ volatile("" : "+x"(r));
  *dst = r;
}
void *sq_aug(const double *src, const double *dsrc, double *dst, double *ddst) {
  (void)dsrc, (void)ddst;
  *dst = src[0] * src[0];
  double *tape = malloc(sizeof(double));
  *tape = src[0];
  return tape;
}
void sq_rev(const double *src, double *dsrc, const double *dst, double *ddst, void *tape) {
  (void)src, (void)dst;
  double x = *(double *)tape;
  dsrc[0] += 2.0 * x * ddst[0];
  ddst[0] = 0.0;
  free(tape);
}
void *__enzyme_register_gradient_sq[] = {(void *)sq, (void *)sq_aug, (void *)sq_rev};

__attribute__((noinline)) double cube(double x) {
  double r = x * x * x;
  __asm__ volatile("" : "+x"(r));
  return r;
}
double cube_aug(double x) { return x * x * x; }
double cube_rev(double x, double dret) { return 3.0 * x * x * dret; }
void *__enzyme_register_gradient_cube[] = {(void *)cube, (void *)cube_aug, (void *)cube_rev};

__attribute__((noinline)) double scaled_pow(double x, int n) {
  double r = pow(x, n) * 0.5;
  __asm__ volatile("" : "+x"(r));
  return r;
}
typedef struct {
  double *tape;
  double y;
} TapeAndValue;
TapeAndValue scaled_pow_aug(double x, int n, int n_shadow) {
  (void)n_shadow;
  TapeAndValue r = {malloc(sizeof(double)), pow(x, n) * 0.5};
  *r.tape = pow(x, n - 1);
  return r;
}
double scaled_pow_rev(double x, int n, int n_shadow, double dret, double *tape) {
  (void)x, (void)n_shadow;
  double g = 0.5 * n * *tape * dret;
  free(tape);
  return g;
}
void *__enzyme_register_gradient_scaled_pow[] = {(void *)scaled_pow, (void *)scaled_pow_aug, (void *)scaled_pow_rev};

static double model(double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double t;
    sq(&x[i], &t);
    s += t * cube(x[(i + 1) % n]) + scaled_pow(x[i], 3 + i);
  }
  return s;
}

static double cube_sum(double x) { return cube(x) + cube(2.0 * x); }

#define N 3
static double F_model(double *x) { return model(x, N); }

int main(void) {
  double x[N] = {0.7, -0.4, 1.2}, dx[N] = {0};
  __enzyme_autodiff((void *)model, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("user reverse rules in a loop", dx, F_model, x, N);
  CHECK("scalar rule: d/dx (cube(x) + cube(2x))", __enzyme_autodiff((void *)cube_sum, 1.3), 27.0 * 1.3 * 1.3);
  return ck_done();
}
