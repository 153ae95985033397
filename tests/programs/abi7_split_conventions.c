// TEST: ABI §5 split mode as written: the §5 example (enzyme_allocated 100 + enzyme_tape in both calls), __enzyme_augmentsize's result used directly as the enzyme_allocated operand, the allocated/tape markers first, last and between parameters, an augmented call declared `double` with a caller tape, the default anonymous tape {tape, primal} and a void function's bare tape pointer, enzyme_tape without enzyme_allocated (one pointer slot), enzyme_nofree reversed twice, an explicit differential return and out-argument gradients, width 2 with the differential return as a struct and as two doubles; each gradient against finite differences, the dot-product test against forward mode
#include "include/catalase_check.h"

extern int enzyme_allocated, enzyme_tape, enzyme_nofree, enzyme_out;
void *__enzyme_augmentfwd(void *, ...);
double __enzyme_augmentfwd_d(void *, ...);
typedef struct { void *tape; double primal; } Aug;
Aug __enzyme_augmentfwd_t(void *, ...);
void __enzyme_reverse(void *, ...);
double __enzyme_reverse_d(void *, ...);
typedef struct { double da, db; } G2;
G2 __enzyme_reverse_g2(void *, ...);
typedef struct { double l0, l1; } L2;
typedef struct { L2 da; } GW;
GW __enzyme_reverse_w(void *, ...);
int __enzyme_augmentsize(void *, ...);
double __enzyme_fwddiff(void *, ...);

/* The §5 example: x[0] += x[1]*x[1]; x[1] = -x[1]. */
static void f(double *x) { x[0] += x[1] * x[1] * sin(x[0]); x[1] = -x[1] * x[0]; }
/* A scalar result from memory and a by-value parameter. */
static double h(const double *x, double a) { return a * exp(x[0]) * x[1] + log(a * a + x[1] * x[1]); }

static double X0[2] = {0.7, 1.3};
static double W[2] = {0.6, -1.1}; /* output seeds */
static int I;
/* <W, f(x)> as a function of x[I] */
static double fw(double t) {
  double x[2] = {X0[0], X0[1]};
  x[I] += t;
  f(x);
  return W[0] * x[0] + W[1] * x[1];
}
static double HA = 0.9;
static double hx(double t) { double x[2] = {X0[0], X0[1]}; x[I] += t; return h(x, HA); }
static double ha(double a) { return h(X0, a); }

static void check_f(const char *what, const double *x, const double *dx) {
  char l[96];
  CHECK_PRIMAL("primal written", x[1], (-(X0[1]) * (X0[0] + X0[1] * X0[1] * sin(X0[0]))));
  for (I = 0; I < 2; I++) {
    snprintf(l, sizeof l, "%s: d/dx[%d]", what, I);
    CHECK(l, dx[I], ck_fd1(fw, 0.0));
  }
}

int main(void) {
  char tape[100];
  double x[2], dx[2];
  /* the §5 example, markers after the parameter */
  memcpy(x, X0, sizeof x);
  __enzyme_augmentfwd((void *)f, enzyme_dup, x, dx, enzyme_allocated, 100, enzyme_tape, tape);
  memcpy(dx, W, sizeof dx);
  __enzyme_reverse((void *)f, enzyme_dup, x, dx, enzyme_allocated, 100, enzyme_tape, tape);
  check_f("example", x, dx);
  /* augmentsize as the operand, markers first */
  memcpy(x, X0, sizeof x);
  char big[256];
  __enzyme_augmentfwd((void *)f, enzyme_allocated, __enzyme_augmentsize((void *)f, enzyme_dup), enzyme_tape, big,
                      enzyme_dup, x, dx);
  memcpy(dx, W, sizeof dx);
  __enzyme_reverse((void *)f, enzyme_allocated, __enzyme_augmentsize((void *)f, enzyme_dup), enzyme_tape, big,
                   enzyme_dup, x, dx);
  check_f("augmentsize operand", x, dx);
  /* default tape of a void function: the pointer itself */
  memcpy(x, X0, sizeof x);
  void *t = __enzyme_augmentfwd((void *)f, enzyme_dup, x, dx);
  memcpy(dx, W, sizeof dx);
  __enzyme_reverse((void *)f, enzyme_dup, x, dx, t);
  check_f("default tape", x, dx);
  /* enzyme_tape without enzyme_allocated: one pointer slot */
  void *slot;
  memcpy(x, X0, sizeof x);
  __enzyme_augmentfwd((void *)f, enzyme_dup, x, dx, enzyme_tape, &slot);
  memcpy(dx, W, sizeof dx);
  __enzyme_reverse((void *)f, enzyme_dup, x, dx, enzyme_tape, &slot);
  check_f("tape slot", x, dx);

  /* h: {tape, primal}, explicit differential return, out gradient of a */
  double hxv[2], dh[2] = {0};
  memcpy(hxv, X0, sizeof hxv);
  Aug a = __enzyme_augmentfwd_t((void *)h, enzyme_dup, hxv, dh, HA);
  CHECK_PRIMAL("h augmented primal", a.primal, h(X0, HA));
  double da = __enzyme_reverse_d((void *)h, enzyme_dup, hxv, dh, HA, 2.0, a.tape);
  for (I = 0; I < 2; I++) CHECK(I ? "h: d/dx[1] (dret 2)" : "h: d/dx[0] (dret 2)", dh[I], 2.0 * ck_fd1(hx, 0.0));
  CHECK("h: d/da (dret 2)", da, 2.0 * ck_fd1(ha, HA));
  double v[2] = {0.3, -0.4};
  CHECK("h: dot test", (dh[0] * v[0] + dh[1] * v[1] + da * 0.5) / 2.0,
        __enzyme_fwddiff((void *)h, enzyme_dup, hxv, v, HA, 0.5));
  /* caller tape, augmented declared `double`, markers between and last; nofree: reversed twice, the last call without it frees */
  char tb[256];
  double dh2[2] = {0};
  double p = __enzyme_augmentfwd_d((void *)h, enzyme_dup, hxv, dh2, enzyme_allocated, 256, HA, enzyme_tape, tb);
  CHECK_PRIMAL("h caller tape: primal", p, h(X0, HA));
  double da1 = __enzyme_reverse_d((void *)h, enzyme_dup, hxv, dh2, enzyme_allocated, 256, HA, enzyme_tape, tb,
                                  enzyme_nofree, 1.0);
  double da2 = __enzyme_reverse_d((void *)h, enzyme_dup, hxv, dh2, enzyme_allocated, 256, HA, enzyme_tape, tb,
                                  1.0);
  CHECK("h nofree: d/da first", da1, ck_fd1(ha, HA));
  CHECK("h nofree: d/da second", da2, ck_fd1(ha, HA));
  I = 1;
  CHECK("h nofree: d/dx[1] accumulated twice", dh2[1], 2.0 * ck_fd1(hx, 0.0));
  /* width 2: differential return as a struct of two doubles, and as two doubles */
  double w0[2] = {0}, w1[2] = {0};
  void *tw = __enzyme_augmentfwd_t((void *)h, enzyme_width, 2, enzyme_dup, hxv, w0, w1, HA).tape;
  L2 seed = {1.0, -3.0};
  GW gw = __enzyme_reverse_w((void *)h, enzyme_width, 2, enzyme_dup, hxv, w0, w1, HA, seed, tw);
  I = 0;
  CHECK("width 2 split: lane 0 d/dx[0]", w0[0], ck_fd1(hx, 0.0));
  CHECK("width 2 split: lane 1 d/dx[0]", w1[0], -3.0 * ck_fd1(hx, 0.0));
  CHECK("width 2 split: lane 1 d/da", gw.da.l1, -3.0 * ck_fd1(ha, HA));
  double u0[2] = {0}, u1[2] = {0};
  void *tu = __enzyme_augmentfwd_t((void *)h, enzyme_width, 2, enzyme_dup, hxv, u0, u1, HA).tape;
  GW gu = __enzyme_reverse_w((void *)h, enzyme_width, 2, enzyme_dup, hxv, u0, u1, HA, 0.5, 2.0, tu);
  I = 1;
  CHECK("width 2 split (two doubles): lane 0 d/dx[1]", u0[1], 0.5 * ck_fd1(hx, 0.0));
  CHECK("width 2 split (two doubles): lane 1 d/da", gu.da.l1, 2.0 * ck_fd1(ha, HA));
  return ck_done();
}
