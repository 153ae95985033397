// TEST: reverse and forward mode where doubles travel as uint64 bits through noinline helpers (memcpy to an integer, passed by value, stored into a malloc'd integer buffer that is read back as doubles, returned by pointer), mixed with a real integer field in the same buffer, and a float fast-inverse-sqrt bit hack with a registered reverse rule and forward rule
#include <stdint.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

__attribute__((noinline)) static uint64_t *pack(uint64_t bits, uint64_t count) {
  uint64_t *buf = (uint64_t *)malloc(2 * sizeof(uint64_t));
  double as;
  memcpy(&as, &bits, sizeof as);
  *(double *)buf = as * 2.0;
  buf[1] = count;
  return buf;
}

__attribute__((noinline)) static float q_rsqrt(float number) {
  int32_t i;
  float x2 = number * 0.5f, y = number;
  memcpy(&i, &y, sizeof i);
  i = 0x5f3759df - (i >> 1);
  memcpy(&y, &i, sizeof y);
  y = y * (1.5f - (x2 * y * y));
  y = y * (1.5f - (x2 * y * y));
  y = y * (1.5f - (x2 * y * y));
  return y;
}
static void q_rsqrt_aug(float x) {}
static float q_rsqrt_rev(float x, float g) { return -0.5f * g * q_rsqrt(x) / x; }
static float q_rsqrt_fwd(float x, float dx) { return -0.5f * dx * q_rsqrt(x) / x; }
void *__enzyme_register_gradient_qr[3] = {(void *)q_rsqrt, (void *)q_rsqrt_aug, (void *)q_rsqrt_rev};
typedef struct { float p, d; } fpair;
static fpair q_rsqrt_fwd_pair(float x, float dx) { fpair r = {q_rsqrt(x), q_rsqrt_fwd(x, dx)}; return r; }
void *__enzyme_register_derivative_qr[2] = {(void *)q_rsqrt, (void *)q_rsqrt_fwd_pair};

static double model(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    uint64_t bits;
    double v = x[i] * x[i] + 0.5;
    memcpy(&bits, &v, sizeof bits);
    uint64_t *b = pack(bits, (uint64_t)i);
    double back = ((double *)b)[0];
    s += back * (double)(b[1] + 1) + sin(back);
    free(b);
  }
  float r = q_rsqrt((float)s);
  return s * 0.1 + (double)r * 3.0;
}

#define N 4
static double F(double *x) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    double v = 2.0 * (x[i] * x[i] + 0.5);
    s += v * (double)(i + 1) + sin(v);
  }
  return s * 0.1 + 3.0 / sqrt(s);
}

int main() {
  double x[N] = {0.3, -0.75, 1.1, 0.45}, dx[N] = {0};
  __enzyme_autodiff((void *)model, enzyme_dup, x, dx, enzyme_const, N);
  /* the rule's float arithmetic carries float rounding: compare with the float tolerance */
  for (int i = 0; i < N; i++) CHECK_F32("bits through calls (reverse)", dx[i], ck_fd_partial(F, x, i));
  for (int i = 0; i < N; i++) {
    double v[N] = {0};
    v[i] = 1.0;
    double t = __enzyme_fwddiff((void *)model, enzyme_dup, x, v, enzyme_const, N);
    CHECK_F32("bits through calls (forward)", t, ck_fd_partial(F, x, i));
  }
  return ck_done();
}
