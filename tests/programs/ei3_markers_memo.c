// TEST: less common markers on one function with a dup output and two scalars: enzyme_const_return (only the output buffer's seeds count), enzyme_byref on a double, enzyme_noret in split mode, enzyme_interleave in forward mode; a memoized recursion whose cache and flags are file-scope arrays reset at entry (active values stored in and read back from globals across recursive calls), reversed twice in a row; a user reverse rule with a malloc'd tape inside split mode with a caller tape of __enzyme_augmentsize bytes; all against finite differences, reverse against forward
#include "include/ck_array.h"
#include "include/ck_split.h"

extern int enzyme_const_return, enzyme_byref, enzyme_noret, enzyme_interleave;

__attribute__((noinline)) double f(double a, double *y, double b) {
  y[0] = a * a * b;
  y[1] = sin(a) + b * exp(0.1 * a);
  return a * b * 100.0;
}
typedef struct {
  double da, db;
} g2;
g2 __enzyme_autodiff_g(void *, ...) __asm__("__enzyme_autodiff");
void *__enzyme_augmentfwd_t(void *, ...) __asm__("__enzyme_augmentfwd");
g2 __enzyme_reverse_g(void *, ...) __asm__("__enzyme_reverse");
double __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);
double __enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);

static double W0 = 1.0, W1 = 2.0, WR = 0.0; /* the objective: W0*y0 + W1*y1 + WR*ret */
static double f_obj(double *x) {
  double y[2];
  double r = f(x[0], y, x[1]);
  return W0 * y[0] + W1 * y[1] + WR * r;
}

static double cache[32];
static int have[32];
static double GX, GY;
__attribute__((noinline)) static double rec(int n) {
  if (n < 2) return n ? GX : 1.0;
  if (have[n]) return cache[n];
  double v = rec(n - 1) * sin(GX) + rec(n - 2) * GY * 0.5;
  cache[n] = v;
  have[n] = 1;
  return v;
}
__attribute__((noinline)) double memo(double x, double y, int n) {
  memset(have, 0, sizeof have);
  GX = x;
  GY = y;
  return rec(n) + cache[n / 2];
}
static double memo_obj(double *x) { return memo(x[0], x[1], 12); }

#define HIDE(v) __asm__ volatile("" : "+m"(v))
__attribute__((noinline)) void sq(const double *src, double *dst) {
  double r = src[0] * src[0];
  HIDE(r);
  *dst = r;
}
void *sq_aug(const double *src, const double *dsrc, double *dst, double *ddst) {
  (void)dsrc, (void)ddst;
  *dst = src[0] * src[0];
  double *t = malloc(sizeof(double));
  *t = src[0];
  return t;
}
void sq_rev(const double *src, double *dsrc, const double *dst, double *ddst, void *tape) {
  (void)src, (void)dst;
  dsrc[0] += 2.0 * *(double *)tape * ddst[0];
  ddst[0] = 0.0;
  free(tape);
}
void *__enzyme_register_gradient_sq[] = {(void *)sq, (void *)sq_aug, (void *)sq_rev};
__attribute__((noinline)) double ruled(double *x) {
  double s = 0.0, t;
  for (int i = 0; i < 4; i++) {
    sq(&x[i], &t);
    x[i] = t * 0.5 + x[(i + 1) % 4];
    s += t * x[i];
  }
  return s;
}
static double ruled_obj(double *x0) {
  double x[4];
  memcpy(x, x0, sizeof x);
  return ruled(x);
}

int main(void) {
  double x[2] = {0.7, -1.3}, y[2];
  double dy[2] = {1.0, 2.0};
  g2 g = __enzyme_autodiff_g((void *)f, enzyme_const_return, enzyme_out, x[0], enzyme_dup, y, dy, enzyme_out, x[1]);
  double gd[2] = {g.da, g.db};
  ck_gradient("enzyme_const_return", gd, f_obj, x, 2);

  double a = x[0], dy2[2] = {1.0, 2.0};
  g2 h = __enzyme_autodiff_g((void *)f, enzyme_byref, 8, &a, enzyme_dup, y, dy2, enzyme_out, x[1]);
  WR = 1.0;
  double hd[2] = {h.da, h.db};
  ck_gradient("enzyme_byref double, active return", hd, f_obj, x, 2);
  WR = 0.0;

  double y3[2], dy3[2] = {0};
  void *t = __enzyme_augmentfwd_t((void *)f, enzyme_noret, enzyme_out, x[0], enzyme_dup, y3, dy3, enzyme_out, x[1]);
  CHECK_PRIMAL("noret split primal y0", y3[0], x[0] * x[0] * x[1]);
  dy3[0] = 1.0;
  dy3[1] = 2.0;
  g2 k = __enzyme_reverse_g((void *)f, enzyme_noret, enzyme_out, x[0], enzyme_dup, y3, dy3, enzyme_out, x[1], 0.0, t);
  double kd[2] = {k.da, k.db};
  ck_gradient("enzyme_noret split", kd, f_obj, x, 2);

  double ty[2];
  double v[2] = {0.6, -0.4};
  double jr = __enzyme_fwddiff((void *)f, x[0], y, x[1], enzyme_interleave, v[0], ty, v[1]);
  CHECK("interleave: return tangent", jr, 100.0 * (v[0] * x[1] + x[0] * v[1]));
  double one = 1.0, jy = W0 * ty[0] + W1 * ty[1];
  ck_dot_test("interleave output tangents vs reverse", &one, &jy, 1, gd, v, 2);

  double m[2] = {0.7, 1.3};
  for (int rep = 0; rep < 2; rep++) {
    g2 gm = __enzyme_autodiff_g((void *)memo, enzyme_out, m[0], enzyme_out, m[1], enzyme_const, 12);
    double gmd[2] = {gm.da, gm.db};
    ck_gradient(rep ? "memoized recursion, second gradient" : "memoized recursion", gmd, memo_obj, m, 2);
    double jm = __enzyme_fwddiff((void *)memo, m[0], v[0], m[1], v[1], enzyme_const, 12);
    ck_dot_test("memoized recursion fwd vs rev", &one, &jm, 1, gmd, v, 2);
  }

  double z0[4] = {0.5, -0.25, 0.75, 1.1}, z[4], dz[4] = {0};
  int size = __enzyme_augmentsize((void *)ruled, enzyme_dup);
  char *tape = malloc(size > 0 ? (size_t)size : 1);
  memcpy(z, z0, sizeof z);
  double p = __enzyme_augmentfwd((void *)ruled, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, z, dz);
  CHECK_PRIMAL("rule in split, caller tape: primal", p, ruled_obj(z0));
  __enzyme_reverse((void *)ruled, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, z, dz, 1.0);
  free(tape);
  ck_gradient("rule in split, caller tape", dz, ruled_obj, z0, 4);
  return ck_done();
}
