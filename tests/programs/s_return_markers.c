// TEST: return-activity markers in split mode: enzyme_const_return (no differential return in __enzyme_reverse, no shadow of a pointer result), enzyme_active_return and enzyme_dup_return (the defaults, spelled out), enzyme_noret (__enzyme_augmentfwd leaves the primal out: the tape alone, { tape, shadow } for a pointer result, nothing with a tape slot or a caller tape); each against finite differences of the objective it stands for; enzyme_noret in __enzyme_autodiff and __enzyme_fwddiff (the primal is not returned there anyway) and the markers in __enzyme_augmentsize (same size)
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

extern int enzyme_const_return, enzyme_active_return, enzyme_dup_return, enzyme_noret;

typedef struct { void *tape; double *shadow; } aug_shadow;
typedef struct { void *tape; double *primal; } aug_ptr;
typedef struct { void *tape; double *primal; double *shadow; } aug_ptr_shadow;
ck_aug __enzyme_augmentfwd(void *, ...);
void *__enzyme_augmentfwd_t(void *, ...);
aug_shadow __enzyme_augmentfwd_s(void *, ...);
aug_ptr __enzyme_augmentfwd_p(void *, ...);
aug_ptr_shadow __enzyme_augmentfwd_ps(void *, ...);
void __enzyme_augmentfwd_v(void *, ...);
double __enzyme_augmentfwd_d(void *, ...);
double __enzyme_reverse(void *, ...);
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 3

/* Writes y and returns a scalar: both are outputs. */
static double spread(const double *x, double *y, double k) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    y[i] = sin(k * x[i]) * x[(i + 1) % N];
    s += x[i] * x[i] * k;
  }
  return log(1.0 + s);
}

/* Fills buf and returns a pointer into it. */
__attribute__((noinline)) static double *fill(const double *x, double *buf, double a) {
  for (int i = 0; i < N; i++) buf[i] = a * x[i] * x[(i + 1) % N] + cos(a * x[i]);
  return buf + 1;
}

static const double X0[N] = {0.5, -0.3, 1.2};
static const double WY[N] = {0.9, -1.1, 0.4}; /* seeds of spread's y */
static double K = 0.7, DRET = 1.5, RSEED = 0.0;
/* The objective the reverse pass of spread computes with seeds WY on y and RSEED on the result. */
static double S_x(double *x) {
  double y[N];
  double r = spread(x, y, K);
  return RSEED * r + ck_dot(WY, y, N);
}
static double S_k(double k) {
  double y[N];
  double r = spread(X0, y, k);
  return RSEED * r + ck_dot(WY, y, N);
}
/* fill seeded with WY on buf[0..N). */
static double F_x(double *x) { double buf[N]; fill(x, buf, K); return ck_dot(WY, buf, N); }
static double F_a(double a) { double buf[N]; fill(X0, buf, a); return ck_dot(WY, buf, N); }

/* Runs one split pass of spread and checks it; `how` says which markers it used. */
static void check_spread(const char *how, const double *dx, double dk, double rseed) {
  double xr[N];
  memcpy(xr, X0, sizeof xr);
  RSEED = rseed;
  char label[128];
  ck_gradient(how, dx, S_x, xr, N);
  snprintf(label, sizeof label, "%s: d/dk", how);
  CHECK(label, dk, ck_fd1(S_k, K));
}

static void check_fill(const char *how, const double *dx, double da) {
  double xr[N];
  memcpy(xr, X0, sizeof xr);
  char label[128];
  ck_gradient(how, dx, F_x, xr, N);
  snprintf(label, sizeof label, "%s: d/da", how);
  CHECK(label, da, ck_fd1(F_a, K));
}

int main(void) {
  double x[N], dx[N], y[N], dy[N], yr[N];
  double pr = spread(X0, yr, K);
#define RESET() (memcpy(x, X0, sizeof x), memset(dx, 0, sizeof dx), memcpy(dy, WY, sizeof dy))
  /* enzyme_const_return: the result is not an output; no differential return */
  RESET();
  ck_aug a = __enzyme_augmentfwd((void *)spread, enzyme_const_return, enzyme_dup, x, dx, enzyme_dup, y, dy, K);
  CHECK_PRIMAL("const return: primal still returned", a.primal, pr);
  double dk = __enzyme_reverse((void *)spread, enzyme_const_return, enzyme_dup, x, dx, enzyme_dup, y, dy, K, a.tape);
  check_spread("const return (y seeded only)", dx, dk, 0.0);
  /* enzyme_active_return spelled out: a differential return */
  RESET();
  a = __enzyme_augmentfwd((void *)spread, enzyme_active_return, enzyme_dup, x, dx, enzyme_dup, y, dy, K);
  dk = __enzyme_reverse((void *)spread, enzyme_active_return, enzyme_dup, x, dx, enzyme_dup, y, dy, K, DRET, a.tape);
  check_spread("active return, d_ret 1.5", dx, dk, DRET);
  /* enzyme_noret: the tape alone; y is still written */
  RESET();
  void *t = __enzyme_augmentfwd_t((void *)spread, enzyme_noret, enzyme_dup, x, dx, enzyme_dup, y, dy, K);
  for (int i = 0; i < N; i++) CHECK_PRIMAL("noret: y written", y[i], yr[i]);
  dk = __enzyme_reverse((void *)spread, enzyme_noret, enzyme_dup, x, dx, enzyme_dup, y, dy, K, DRET, t);
  check_spread("noret, d_ret 1.5", dx, dk, DRET);
  /* enzyme_noret and enzyme_const_return: the tape alone, no differential return */
  RESET();
  t = __enzyme_augmentfwd_t((void *)spread, enzyme_noret, enzyme_const_return, enzyme_dup, x, dx, enzyme_dup, y, dy, K);
  dk = __enzyme_reverse((void *)spread, enzyme_const_return, enzyme_dup, x, dx, enzyme_dup, y, dy, K, t);
  check_spread("noret + const return", dx, dk, 0.0);
  /* enzyme_noret with a tape slot: nothing returned */
  {
    void *slot = NULL;
    RESET();
    __enzyme_augmentfwd_v((void *)spread, enzyme_noret, enzyme_tape, &slot, enzyme_dup, x, dx, enzyme_dup, y, dy, K);
    dk = __enzyme_reverse((void *)spread, enzyme_tape, &slot, enzyme_dup, x, dx, enzyme_dup, y, dy, K, DRET);
    check_spread("noret, tape slot", dx, dk, DRET);
  }
  /* enzyme_noret with a caller tape: nothing returned; const return: no differential return */
  {
    int size = __enzyme_augmentsize((void *)spread, enzyme_dup, enzyme_dup, enzyme_out);
    int same = __enzyme_augmentsize((void *)spread, enzyme_noret, enzyme_const_return, enzyme_dup, enzyme_dup, enzyme_out);
    CHECK_PRIMAL("augmentsize: the return markers do not change the size", same, size);
    char tape[64];
    RESET();
    __enzyme_augmentfwd_v((void *)spread, enzyme_noret, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, x, dx, enzyme_dup, y, dy, K);
    dk = __enzyme_reverse((void *)spread, enzyme_const_return, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, x, dx, enzyme_dup, y, dy, K);
    check_spread("noret, caller tape, const return", dx, dk, 0.0);
    RESET();
    double p = __enzyme_augmentfwd_d((void *)spread, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, x, dx, enzyme_dup, y, dy, K);
    CHECK_PRIMAL("caller tape: primal alone", p, pr);
    dk = __enzyme_reverse((void *)spread, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, x, dx, enzyme_dup, y, dy, K, DRET);
    check_spread("caller tape, d_ret 1.5", dx, dk, DRET);
  }

  /* a pointer result */
  double buf[N], dbuf[N];
#define RESET_FILL() (memcpy(x, X0, sizeof x), memset(dx, 0, sizeof dx), memset(dbuf, 0, sizeof dbuf))
  /* enzyme_dup_return spelled out: { tape, primal, shadow } */
  RESET_FILL();
  aug_ptr_shadow ps = __enzyme_augmentfwd_ps((void *)fill, enzyme_dup_return, enzyme_dup, x, dx, enzyme_dup, buf, dbuf, K);
  CHECK_PRIMAL("dup return: primal pointer", ps.primal == buf + 1, 1);
  CHECK_PRIMAL("dup return: shadow pointer", ps.shadow == dbuf + 1, 1);
  dbuf[0] = WY[0];
  for (int i = 1; i < N; i++) ps.shadow[i - 1] = WY[i];
  double da = __enzyme_reverse((void *)fill, enzyme_dup_return, enzyme_dup, x, dx, enzyme_dup, buf, dbuf, K, ps.tape);
  check_fill("dup return, seeded through the returned shadow", dx, da);
  /* enzyme_noret: { tape, shadow } */
  RESET_FILL();
  aug_shadow s = __enzyme_augmentfwd_s((void *)fill, enzyme_noret, enzyme_dup, x, dx, enzyme_dup, buf, dbuf, K);
  CHECK_PRIMAL("noret: the shadow pointer next to the tape", s.shadow == dbuf + 1, 1);
  dbuf[0] = WY[0];
  for (int i = 1; i < N; i++) s.shadow[i - 1] = WY[i];
  da = __enzyme_reverse((void *)fill, enzyme_dup, x, dx, enzyme_dup, buf, dbuf, K, s.tape);
  check_fill("noret, seeded through the returned shadow", dx, da);
  /* enzyme_const_return: { tape, primal }, no shadow */
  RESET_FILL();
  aug_ptr p = __enzyme_augmentfwd_p((void *)fill, enzyme_const_return, enzyme_dup, x, dx, enzyme_dup, buf, dbuf, K);
  CHECK_PRIMAL("const return: primal pointer", p.primal == buf + 1, 1);
  memcpy(dbuf, WY, sizeof dbuf);
  da = __enzyme_reverse((void *)fill, enzyme_const_return, enzyme_dup, x, dx, enzyme_dup, buf, dbuf, K, p.tape);
  check_fill("const return, seeded through buf's shadow", dx, da);
  /* enzyme_noret and enzyme_const_return: the tape alone */
  RESET_FILL();
  t = __enzyme_augmentfwd_t((void *)fill, enzyme_noret, enzyme_const_return, enzyme_dup, x, dx, enzyme_dup, buf, dbuf, K);
  memcpy(dbuf, WY, sizeof dbuf);
  da = __enzyme_reverse((void *)fill, enzyme_dup, x, dx, enzyme_dup, buf, dbuf, K, t);
  check_fill("noret + const return", dx, da);

  /* enzyme_noret in the combined entry points: the primal is not returned there anyway */
  RESET();
  dk = __enzyme_autodiff((void *)spread, enzyme_noret, enzyme_dup, x, dx, enzyme_dup, y, dy, K);
  check_spread("__enzyme_autodiff with enzyme_noret", dx, dk, 1.0);
  memcpy(x, X0, sizeof x);
  double v[N] = {0.3, -0.8, 0.5};
  double tan = __enzyme_fwddiff((void *)spread, enzyme_noret, enzyme_dup, x, v, enzyme_const, y, enzyme_const, K);
  double xp[N], xm[N], h = 1e-6;
  for (int i = 0; i < N; i++) xp[i] = X0[i] + h * v[i], xm[i] = X0[i] - h * v[i];
  CHECK("__enzyme_fwddiff with enzyme_noret: tangent along v", tan, (spread(xp, y, K) - spread(xm, y, K)) / (2.0 * h));
  return ck_done();
}
