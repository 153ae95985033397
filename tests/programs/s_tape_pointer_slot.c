// TEST: enzyme_tape, ptr without enzyme_allocated: the caller gives one pointer-sized slot; __enzyme_augmentfwd stores the default tape's pointer there and returns the primal alone (nothing for a void function), __enzyme_reverse loads the tape from the slot; slots on the stack, in a struct, in an array holding several live tapes reversed in the other order, a run-time-length loop, enzyme_nofree reversed twice, inputs overwritten between the calls
#include <math.h>
#include <stdlib.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_augmentfwd(void *, ...);
void __enzyme_augmentfwd_v(void *, ...);
double __enzyme_reverse(void *, ...);
void __enzyme_reverse_v(void *, ...);

#define N 4

static double wave(double *x, int n, double k) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += sin(k * x[i]) * x[(i + 1) % n] + exp(-x[i] * x[i]) / k;
  return s;
}

/* y[i] = x[i] * cos(x[i+1]) in place: reads the old values, so the reverse needs them cached. */
static void twist(double *x, int n) {
  double first = x[0];
  for (int i = 0; i + 1 < n; i++) x[i] = x[i] * cos(x[i + 1]) + 0.25 * x[i + 1] * x[i + 1];
  x[n - 1] = x[n - 1] * cos(first);
}

static const double X0[N] = {0.6, -0.9, 1.2, 0.35};
static const double W[N] = {0.5, -1.5, 2.0, 0.75}; /* weights of twist's outputs */
static double K = 1.4;
static int len = N;

static double F_x(double *x) { return wave(x, len, K); }
static double F_k(double k) { double x[N]; memcpy(x, X0, sizeof x); return wave(x, len, k); }
static double T_x(double *x) {
  double y[N];
  memcpy(y, x, sizeof y);
  twist(y, N);
  return ck_dot(W, y, N);
}

struct holder { int tag; void *tape; double after; };

int main(void) {
  double xr[N];
  memcpy(xr, X0, sizeof xr);
  /* a slot on the stack; the inputs overwritten between the calls */
  {
    void *slot = NULL;
    double x[N], dx[N] = {0};
    memcpy(x, X0, sizeof x);
    double p = __enzyme_augmentfwd((void *)wave, enzyme_tape, &slot, enzyme_dup, x, dx, enzyme_const, len, K);
    CHECK_PRIMAL("stack slot: primal returned alone", p, F_x(xr));
    CHECK_PRIMAL("stack slot: holds a tape", slot != NULL, 1);
    for (int i = 0; i < N; i++) x[i] = 1e3;
    double dk = __enzyme_reverse((void *)wave, enzyme_tape, &slot, enzyme_dup, x, dx, enzyme_const, len, K, 1.0);
    ck_gradient("stack slot", dx, F_x, xr, N);
    CHECK("stack slot: d/dk", dk, ck_fd1(F_k, K));
  }
  /* a slot inside a struct, markers after the arguments; a void function */
  {
    struct holder h = {7, NULL, 42.0};
    double x[N], dx[N];
    memcpy(x, X0, sizeof x);
    memcpy(dx, W, sizeof dx);
    __enzyme_augmentfwd_v((void *)twist, enzyme_dup, x, dx, enzyme_const, N, enzyme_tape, &h.tape);
    double y[N];
    memcpy(y, xr, sizeof y);
    twist(y, N);
    for (int i = 0; i < N; i++) CHECK_PRIMAL("struct slot: twist's primal result", x[i], y[i]);
    __enzyme_reverse_v((void *)twist, enzyme_dup, x, dx, enzyme_const, N, enzyme_tape, &h.tape);
    ck_gradient("struct slot, seeds W", dx, T_x, xr, N);
    CHECK_PRIMAL("struct slot: neighbours untouched", h.tag + h.after, 49.0);
  }
  /* several live tapes in an array of slots, reversed in the other order; run-time lengths */
  {
    void *slots[3];
    double xs[3][N], dxs[3][N] = {{0}}, ks[3] = {0.7, 1.4, -1.1};
    int lens[3] = {2, 3, 4};
    for (int t = 0; t < 3; t++) {
      memcpy(xs[t], X0, sizeof xs[t]);
      __enzyme_augmentfwd((void *)wave, enzyme_dup, xs[t], dxs[t], enzyme_const, lens[t], ks[t], enzyme_tape, &slots[t]);
    }
    CHECK_PRIMAL("array of slots: three different tapes", slots[0] != slots[1] && slots[1] != slots[2] && slots[0] != slots[2], 1);
    for (int t = 2; t >= 0; t--) {
      double dk = __enzyme_reverse((void *)wave, enzyme_dup, xs[t], dxs[t], enzyme_const, lens[t], ks[t], 1.0, enzyme_tape, &slots[t]);
      len = lens[t];
      K = ks[t];
      char label[64];
      snprintf(label, sizeof label, "array of slots, length %d", lens[t]);
      ck_gradient(label, dxs[t], F_x, xr, lens[t]);
      for (int i = lens[t]; i < N; i++) CHECK_PRIMAL("array of slots: beyond the length untouched", dxs[t][i], 0.0);
      snprintf(label, sizeof label, "array of slots, length %d: d/dk", lens[t]);
      CHECK(label, dk, ck_fd1(F_k, K));
    }
    len = N;
    K = 1.4;
  }
  /* enzyme_nofree: reversed twice through the slot, the last call frees */
  {
    void **slot = malloc(sizeof(void *));
    double x[N], dx[N] = {0};
    memcpy(x, X0, sizeof x);
    __enzyme_augmentfwd((void *)wave, enzyme_tape, slot, enzyme_dup, x, dx, enzyme_const, len, K);
    double d1 = __enzyme_reverse((void *)wave, enzyme_nofree, enzyme_tape, slot, enzyme_dup, x, dx, enzyme_const, len, K, 2.0);
    double d2 = __enzyme_reverse((void *)wave, enzyme_tape, slot, enzyme_dup, x, dx, enzyme_const, len, K, -0.5);
    for (int i = 0; i < N; i++) dx[i] /= 1.5;
    ck_gradient("nofree slot, seeds 2 then -0.5 (scaled back)", dx, F_x, xr, N);
    CHECK("nofree slot: first d/dk", d1 / 2.0, ck_fd1(F_k, K));
    CHECK("nofree slot: second d/dk", d2 / -0.5, ck_fd1(F_k, K));
    free(slot);
  }
  return ck_done();
}
