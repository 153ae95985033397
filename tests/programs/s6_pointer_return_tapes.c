// TEST: split mode of functions returning a pointer (the shadow return of ABI §4/§5) with the tape kept by the caller: with enzyme_tape in a pointer slot __enzyme_augmentfwd returns { primal, shadow } and stores the tape in the slot, with enzyme_allocated bytes it returns { primal, shadow } too, with enzyme_noret and a slot the shadow alone; a pointer into an input array (the shadow points into the input's shadow at the same offset) and a block the function allocates and hands to the caller (the caller seeds it, reverses, then frees both blocks); several tapes alive, reversed in the other order; at enzyme_width 2 with a slot ({ primal, one shadow per lane }); each against finite differences
#include "include/ck_array.h"
#include "include/ck_split.h"

extern int enzyme_noret, enzyme_width;
typedef struct { double *primal, *shadow[2]; } ps2;
ps2 __enzyme_augmentfwd2(void *, ...) __asm__("__enzyme_augmentfwd");
typedef struct { double d[2]; } l2;
l2 __enzyme_reverse2(void *, ...) __asm__("__enzyme_reverse");
typedef struct { double *primal, *shadow; } ps;
ps __enzyme_augmentfwd(void *, ...);
double *__enzyme_augmentfwd_shadow(void *, ...) __asm__("__enzyme_augmentfwd");
double __enzyme_reverse(void *, ...);
void __enzyme_reverse_v(void *, ...) __asm__("__enzyme_reverse");

#define N 6

/* Smooths x in place around k and returns a pointer to x[k]. */
__attribute__((noinline)) static double *focus(double *x, int k, double a) {
  double l = x[k - 1], c = x[k], r = x[k + 1];
  x[k - 1] = l + a * sin(c);
  x[k] = c * cos(a * l) + r * r;
  x[k + 1] = exp(0.3 * r) * c;
  return x + k;
}

/* A new block of m values computed from x; the caller owns it. */
__attribute__((noinline)) static double *make(const double *x, int m, double a) {
  double *out = malloc(m * sizeof(double));
  for (int i = 0; i < m; i++) out[i] = a * x[i] * x[(i + 2) % m] + log(1.0 + x[i] * x[i]);
  return out;
}

static const double X0[N] = {0.4, -0.8, 1.1, 0.6, -0.3, 0.9};
static const double Wt[3] = {0.7, -1.3, 0.5};
static double A = 0.9;
static int K = 2;

/* The objective the seeds stand for: Wt . returned[-1..1] */
static double focus_obj(double *x0, double a) {
  double x[N];
  memcpy(x, x0, sizeof x);
  double *p = focus(x, K, a);
  return Wt[0] * p[-1] + Wt[1] * p[0] + Wt[2] * p[1];
}
static double FF_x(double *x) { return focus_obj(x, A); }
static double FF_a(double a) { return focus_obj((double *)X0, a); }

static const double V[N] = {0.3, 1.0, -0.4, 0.8, -1.2, 0.25};
static double make_obj(const double *x, double a) {
  double *o = make(x, N, a);
  double s = ck_dot(V, o, N);
  free(o);
  return s;
}
static double FM_x(double *x) { return make_obj(x, A); }
static double FM_a(double a) { return make_obj(X0, a); }

int main(void) {
  double xr[N];
  memcpy(xr, X0, sizeof xr);

  /* 1. a slot: { primal, shadow } back, the tape in the slot; the input scrambled in between */
  {
    double x[N], dx[N] = {0};
    memcpy(x, X0, sizeof x);
    void *slot = NULL;
    ps r = __enzyme_augmentfwd((void *)focus, enzyme_tape, &slot, enzyme_dup, x, dx, K, A);
    CHECK_PRIMAL("slot: primal points into x", r.primal == x + K, 1);
    CHECK_PRIMAL("slot: shadow points into dx", r.shadow == dx + K, 1);
    CHECK_PRIMAL("slot: tape stored", slot != NULL, 1);
    for (int i = 0; i < 3; i++) r.shadow[i - 1] += Wt[i];
    for (int i = 0; i < N; i++) x[i] = -7.0;
    double da = __enzyme_reverse((void *)focus, enzyme_tape, &slot, enzyme_dup, x, dx, K, A);
    ck_gradient("slot", dx, FF_x, xr, N);
    CHECK("slot: d/da", da, ck_fd1(FF_a, A));
  }
  /* 2. caller bytes: { primal, shadow } back as well */
  {
    double x[N], dx[N] = {0};
    memcpy(x, X0, sizeof x);
    char tape[__enzyme_augmentsize((void *)focus, enzyme_dup, enzyme_const, enzyme_out) + 1];
    ps r = __enzyme_augmentfwd((void *)focus, enzyme_dup, x, dx, K, A, enzyme_allocated,
                               __enzyme_augmentsize((void *)focus, enzyme_dup, enzyme_const, enzyme_out), enzyme_tape, tape);
    CHECK_PRIMAL("caller bytes: primal points into x", r.primal == x + K, 1);
    CHECK_PRIMAL("caller bytes: shadow points into dx", r.shadow == dx + K, 1);
    for (int i = 0; i < 3; i++) r.shadow[i - 1] += Wt[i];
    double da = __enzyme_reverse((void *)focus, enzyme_dup, x, dx, K, A, enzyme_allocated,
                                 __enzyme_augmentsize((void *)focus, enzyme_dup, enzyme_const, enzyme_out), enzyme_tape, tape);
    ck_gradient("caller bytes", dx, FF_x, xr, N);
    CHECK("caller bytes: d/da", da, ck_fd1(FF_a, A));
  }
  /* 3. enzyme_noret with a slot: the shadow alone */
  {
    double x[N], dx[N] = {0};
    memcpy(x, X0, sizeof x);
    void *slot = NULL;
    double *sh = __enzyme_augmentfwd_shadow((void *)focus, enzyme_noret, enzyme_tape, &slot, enzyme_dup, x, dx, K, A);
    CHECK_PRIMAL("noret slot: the shadow alone", sh == dx + K, 1);
    for (int i = 0; i < 3; i++) sh[i - 1] += Wt[i];
    double da = __enzyme_reverse((void *)focus, enzyme_noret, enzyme_tape, &slot, enzyme_dup, x, dx, K, A);
    ck_gradient("noret slot", dx, FF_x, xr, N);
    CHECK("noret slot: d/da", da, ck_fd1(FF_a, A));
  }
  /* 4. a block handed to the caller: three tapes alive in slots, reversed in the other order */
  {
    double x[3][N], dx[3][N], as[3] = {A, A, A};
    void *slots[3];
    ps r[3];
    for (int t = 0; t < 3; t++) {
      memcpy(x[t], X0, sizeof x[t]);
      memset(dx[t], 0, sizeof dx[t]);
      r[t] = __enzyme_augmentfwd((void *)make, enzyme_dup, x[t], dx[t], N, as[t], enzyme_tape, &slots[t]);
    }
    for (int t = 0; t < 3; t++) {
      char label[48];
      double want = FM_x(xr);
      snprintf(label, sizeof label, "owned block %d: primal", t);
      CHECK_PRIMAL(label, ck_dot(V, r[t].primal, N), want);
      CHECK_PRIMAL("owned block: shadow is a new block", r[t].shadow != r[t].primal && r[t].shadow != NULL, 1);
      for (int i = 0; i < N; i++) r[t].shadow[i] = (t + 1) * V[i];
    }
    for (int t = 2; t >= 0; t--) {
      double da = __enzyme_reverse((void *)make, enzyme_dup, x[t], dx[t], N, as[t], enzyme_tape, &slots[t]);
      char label[48];
      snprintf(label, sizeof label, "owned block %d (seed x%d)", t, t + 1);
      for (int i = 0; i < N; i++) dx[t][i] /= (t + 1);
      ck_gradient(label, dx[t], FM_x, xr, N);
      CHECK(label, da / (t + 1), ck_fd1(FM_a, A));
      free(r[t].primal);
      free(r[t].shadow);
    }
  }
  /* 5. width 2 with a slot: { primal, [shadow lane 0, shadow lane 1] } back; each lane seeds its own weights */
  {
    double x[N], dx[2][N] = {{0}};
    memcpy(x, X0, sizeof x);
    void *slot = NULL;
    ps2 r = __enzyme_augmentfwd2((void *)focus, enzyme_width, 2, enzyme_tape, &slot, enzyme_dup, x, dx[0], dx[1], K, A);
    CHECK_PRIMAL("width 2 slot: primal points into x", r.primal == x + K, 1);
    CHECK_PRIMAL("width 2 slot: lane shadows point into their dx", r.shadow[0] == dx[0] + K && r.shadow[1] == dx[1] + K, 1);
    for (int i = 0; i < 3; i++) r.shadow[0][i - 1] += Wt[i], r.shadow[1][i - 1] += -2.0 * Wt[i];
    l2 da = __enzyme_reverse2((void *)focus, enzyme_width, 2, enzyme_tape, &slot, enzyme_dup, x, dx[0], dx[1], K, A);
    ck_gradient("width 2 slot, lane 0", dx[0], FF_x, xr, N);
    for (int i = 0; i < N; i++) dx[1][i] /= -2.0;
    ck_gradient("width 2 slot, lane 1 (seeds -2 W, scaled back)", dx[1], FF_x, xr, N);
    CHECK("width 2 slot: lane 0 d/da", da.d[0], ck_fd1(FF_a, A));
    CHECK("width 2 slot: lane 1 d/da", da.d[1], -2.0 * ck_fd1(FF_a, A));
  }
  return ck_done();
}
