// TEST: a user reverse rule whose augmented function returns void for a float-returning function (a bit-hack fast inverse square root, noinline, whose result the caller uses): the primal result comes from calling the function again, which writes no memory; float enzyme_out arguments; the same rule as a forward rule; checked against finite differences of the exact 1/sqrt
#include <stdint.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

__attribute__((noinline)) static float fast_rsqrt(float number) {
  int32_t i;
  float half = number * 0.5f, y = number;
  memcpy(&i, &y, sizeof i);
  i = 0x5f3759df - (i >> 1);
  memcpy(&y, &i, sizeof y);
  for (int k = 0; k < 4; k++) y = y * (1.5f - (half * y * y));
  return y;
}
static void fast_rsqrt_aug(float x) { (void)x; }
static float fast_rsqrt_rev(float x, float g) { return -0.5f * g * fast_rsqrt(x) / x; }
void *__enzyme_register_gradient_rs[3] = {(void *)fast_rsqrt, (void *)fast_rsqrt_aug, (void *)fast_rsqrt_rev};
typedef struct { float p, d; } fpair;
static fpair fast_rsqrt_fwd(float x, float dx) {
  float y = fast_rsqrt(x);
  fpair r = {y, -0.5f * dx * y / x};
  return r;
}
void *__enzyme_register_derivative_rs[2] = {(void *)fast_rsqrt, (void *)fast_rsqrt_fwd};

static double inv_norm(const double *a, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a[i] * a[i];
  float r = fast_rsqrt((float)s);
  return (double)r * (1.0 + 0.1 * a[0]);
}

#define N 3
static double F(double *a) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += a[i] * a[i];
  return (1.0 / sqrt(s)) * (1.0 + 0.1 * a[0]);
}

int main() {
  double a[N] = {1.0, 2.0, 3.0}, da[N] = {0};
  __enzyme_autodiff((void *)inv_norm, enzyme_dup, a, da, enzyme_const, N);
  /* the rule computes in float: compare with the float tolerance */
  for (int i = 0; i < N; i++) CHECK_F32("void augmented rule (reverse)", da[i], ck_fd_partial(F, a, i));
  for (int i = 0; i < N; i++) {
    double v[N] = {0};
    v[i] = 1.0;
    double t = __enzyme_fwddiff((void *)inv_norm, enzyme_dup, a, v, enzyme_const, N);
    CHECK_F32("void augmented rule (forward)", t, ck_fd_partial(F, a, i));
  }
  return ck_done();
}
