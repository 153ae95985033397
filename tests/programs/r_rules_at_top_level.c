// TEST: a function with user rules handed to the marker call itself: __enzyme_autodiff, __enzyme_augmentfwd/__enzyme_reverse (default tape and a caller tape sized by __enzyme_augmentsize) and __enzyme_fwddiff (widths 1 and 2) of black boxes that only their rules can differentiate (a scalar cube, an array square with an int length and the rule's own tape), and of a black-box log registered with __enzyme_function_like; against finite differences of the plain formulas
#include <math.h>
#include <stdlib.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

extern int enzyme_width;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
void *__enzyme_augmentfwd_v(void *, ...);
double __enzyme_augmentfwd_d(void *, ...);
double __enzyme_reverse(void *, ...);
typedef struct { double l0, l1; } Lanes2;
Lanes2 __enzyme_fwddiff_2(void *, ...);

/* Inline asm hides the arithmetic: only the rules differentiate these. */
__attribute__((noinline)) double black_cube(double x) {
  double r = x * x * x;
  __asm__ volatile("" : "+x"(r));
  return r;
}
double black_cube_aug(double x) { return x * x * x; }
double black_cube_rev(double x, double dret) { return 3.0 * x * x * dret; }
void *__enzyme_register_gradient_black_cube[] = {(void *)black_cube, (void *)black_cube_aug, (void *)black_cube_rev};
typedef struct { double value, tangent; } Dual;
Dual black_cube_fwd(double x, double dx) { Dual r = {x * x * x, 3.0 * x * x * dx}; return r; }
void *__enzyme_register_derivative_black_cube[] = {(void *)black_cube, (void *)black_cube_fwd};

__attribute__((noinline)) void black_square(const double *src, double *dst, int n) {
  for (int i = 0; i < n; i++) {
    double r = src[i] * src[i];
    __asm__ volatile("" : "+x"(r));
    dst[i] = r;
  }
}
void *black_square_aug(const double *src, const double *dsrc, double *dst, double *ddst, int n, int n_shadow) {
  (void)dsrc, (void)ddst, (void)n_shadow;
  double *kept = malloc(n * sizeof *kept);
  for (int i = 0; i < n; i++) dst[i] = src[i] * src[i], kept[i] = src[i];
  return kept;
}
void black_square_rev(const double *src, double *dsrc, const double *dst, double *ddst, int n, int n_shadow, void *tape) {
  (void)src, (void)dst, (void)n_shadow;
  double *kept = tape;
  for (int i = 0; i < n; i++) dsrc[i] += 2.0 * kept[i] * ddst[i], ddst[i] = 0.0;
  free(kept);
}
void *__enzyme_register_gradient_black_square[] = {(void *)black_square, (void *)black_square_aug, (void *)black_square_rev};

__attribute__((noinline)) double black_log(double x) {
  double r = x;
  __asm__ volatile("" : "+x"(r));
  return log(r);
}
void *__enzyme_function_like[] = {(void *)black_log, (void *)"log"};

static double cube(double x) { return x * x * x; }
#define N 3
static const double W[N] = {0.5, -1.0, 2.0};
/* <W, src∘src>: the objective whose gradient the seeded shadows give. */
static double F_square(double *x) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += W[i] * x[i] * x[i];
  return s;
}

int main(void) {
  const double x0 = 1.3;
  CHECK("combined: d cube", __enzyme_autodiff((void *)black_cube, x0), ck_fd1(cube, x0));
  ck_aug a = __enzyme_augmentfwd((void *)black_cube, x0);
  CHECK_PRIMAL("split: primal cube", a.primal, cube(x0));
  CHECK("split: d cube, seed 2 halved", 0.5 * __enzyme_reverse((void *)black_cube, x0, 2.0, a.tape), ck_fd1(cube, x0));
  char buf[64] __attribute__((aligned(16)));
  int size = __enzyme_augmentsize((void *)black_cube, enzyme_out);
  CHECK_PRIMAL("caller tape fits", size <= (int)sizeof buf, 1);
  double p = __enzyme_augmentfwd_d((void *)black_cube, x0, enzyme_allocated, size, enzyme_tape, buf);
  CHECK_PRIMAL("caller tape: primal cube", p, cube(x0));
  CHECK("caller tape: d cube", __enzyme_reverse((void *)black_cube, x0, 1.0, enzyme_allocated, size, enzyme_tape, buf), ck_fd1(cube, x0));
  CHECK("forward: d cube", __enzyme_fwddiff((void *)black_cube, x0, 1.0), ck_fd1(cube, x0));
  Lanes2 t = __enzyme_fwddiff_2((void *)black_cube, enzyme_width, 2, x0, 1.0, -0.5);
  CHECK("forward width 2: lane 0", t.l0, ck_fd1(cube, x0));
  CHECK("forward width 2: lane 1", t.l1, -0.5 * ck_fd1(cube, x0));

  double src[N] = {0.4, -1.1, 0.9}, dsrc[N] = {0}, dst[N], ddst[N];
  memcpy(ddst, W, sizeof ddst);
  __enzyme_autodiff((void *)black_square, enzyme_dup, src, dsrc, enzyme_dup, dst, ddst, enzyme_const, N);
  ck_gradient("combined: square", dsrc, F_square, src, N);
  double dsrc2[N] = {0}, ddst2[N] = {0};
  void *tape = __enzyme_augmentfwd_v((void *)black_square, enzyme_dup, src, dsrc2, enzyme_dup, dst, ddst2, enzyme_const, N);
  for (int i = 0; i < N; i++) CHECK_PRIMAL("split: square primal", dst[i], src[i] * src[i]);
  memcpy(ddst2, W, sizeof ddst2);
  __enzyme_reverse((void *)black_square, enzyme_dup, src, dsrc2, enzyme_dup, dst, ddst2, enzyme_const, N, tape);
  ck_gradient("split: square", dsrc2, F_square, src, N);

  CHECK("combined: function_like log", __enzyme_autodiff((void *)black_log, x0), 1.0 / x0);
  CHECK("forward: function_like log", __enzyme_fwddiff((void *)black_log, x0, 1.0), ck_fd1(log, x0));
  return ck_done();
}
