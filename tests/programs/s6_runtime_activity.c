// TEST: enzyme_runtime_activity with the caller's own stand-ins (Enzyme's runtime activity): a pointer passed with enzyme_dup as its own shadow means inactive memory: the derivative reads zero adjoints there and writes none, so the primal data keep their values; in __enzyme_autodiff, __enzyme_fwddiff (an output passed as its own shadow keeps its primal results) and split mode (default tape and a caller tape); the same kernel with real shadows gives the same input gradients; against finite differences
#include "include/ck_array.h"
#include "include/ck_split.h"

extern int enzyme_runtime_activity;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_augmentfwd_d(void *, ...) __asm__("__enzyme_augmentfwd");
double __enzyme_reverse(void *, ...);

#define N 4

/* w is active; bias is data (its shadow is itself in the stand-in runs), trace an output */
__attribute__((noinline)) static double model(double *x, double *w, const double *bias, double *trace) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    double z = w[i] * x[i] + bias[i];
    trace[i] = tanh(z); /* an output the caller does not differentiate in the stand-in runs */
    s += trace[i] * trace[i] + sin(x[i]) * bias[(i + 1) % N];
  }
  return s;
}

static const double X0[N] = {0.4, -0.7, 0.9, 0.2};
static const double W0[N] = {1.1, -0.6, 0.8, 0.5};
static const double B0[N] = {0.3, -0.2, 0.1, 0.6};
static double F_x(double *x) {
  double w[N], b[N], tr[N];
  memcpy(w, W0, sizeof w), memcpy(b, B0, sizeof b);
  return model(x, w, b, tr);
}
static double F_w(double *w) {
  double x[N], b[N], tr[N];
  memcpy(x, X0, sizeof x), memcpy(b, B0, sizeof b);
  return model(x, w, b, tr);
}

static int same(const double *a, const double *b) { return memcmp(a, b, N * sizeof(double)) == 0; }

int main(void) {
  double xr[N], wr[N];
  memcpy(xr, X0, sizeof xr), memcpy(wr, W0, sizeof wr);
  double gx_ref[N] = {0}, gw_ref[N] = {0};
  /* reference: real shadows everywhere */
  {
    double x[N], w[N], b[N], tr[N], db[N] = {0}, dtr[N] = {0};
    memcpy(x, X0, sizeof x), memcpy(w, W0, sizeof w), memcpy(b, B0, sizeof b);
    __enzyme_autodiff((void *)model, enzyme_dup, x, gx_ref, enzyme_dup, w, gw_ref, enzyme_dup, b, db, enzyme_dup, tr, dtr);
    ck_gradient("real shadows: d/dx", gx_ref, F_x, xr, N);
    ck_gradient("real shadows: d/dw", gw_ref, F_w, wr, N);
  }
  /* combined: the bias field's shadow and the trace's shadow are the primals */
  {
    double x[N], w[N], b[N], tr[N], dx[N] = {0}, dw[N] = {0};
    memcpy(x, X0, sizeof x), memcpy(w, W0, sizeof w), memcpy(b, B0, sizeof b);
    __enzyme_autodiff((void *)model, enzyme_runtime_activity, enzyme_dup, x, dx, enzyme_dup, w, dw, enzyme_dup, b, b, enzyme_dup, tr, tr);
    ck_gradient("combined, stand-ins: d/dx", dx, F_x, xr, N);
    ck_gradient("combined, stand-ins: d/dw", dw, F_w, wr, N);
    CHECK_PRIMAL("combined, stand-ins: bias unchanged", same(b, B0), 1);
    double trr[N];
    for (int i = 0; i < N; i++) trr[i] = tanh(W0[i] * X0[i] + B0[i]);
    CHECK_PRIMAL("combined, stand-ins: trace holds the primal", same(tr, trr), 1);
  }
  /* forward: tangent along v; the trace passed as its own shadow keeps its primal values */
  {
    double v[N] = {0.5, -1.0, 0.25, 0.75};
    double x[N], w[N], b[N], tr[N], dw[N] = {0};
    memcpy(x, X0, sizeof x), memcpy(w, W0, sizeof w), memcpy(b, B0, sizeof b);
    double jv = __enzyme_fwddiff((void *)model, enzyme_runtime_activity, enzyme_dup, x, v, enzyme_dup, w, dw, enzyme_dup, b, b, enzyme_dup, tr, tr);
    CHECK("forward, stand-ins: <grad, v>", jv, ck_dot(gx_ref, v, N));
    double trr[N];
    for (int i = 0; i < N; i++) trr[i] = tanh(W0[i] * X0[i] + B0[i]);
    CHECK_PRIMAL("forward, stand-ins: trace holds the primal", same(tr, trr), 1);
    CHECK_PRIMAL("forward, stand-ins: bias unchanged", same(b, B0), 1);
  }
  /* split mode: default tape, then a caller tape; inputs overwritten between the calls */
  {
    double x[N], w[N], b[N], tr[N], dx[N] = {0}, dw[N] = {0};
    memcpy(x, X0, sizeof x), memcpy(w, W0, sizeof w), memcpy(b, B0, sizeof b);
    ck_aug a = __enzyme_augmentfwd((void *)model, enzyme_runtime_activity, enzyme_dup, x, dx, enzyme_dup, w, dw, enzyme_dup, b, b,
                                   enzyme_dup, tr, tr);
    CHECK_PRIMAL("split, stand-ins: primal", a.primal, F_x(xr));
    for (int i = 0; i < N; i++) x[i] = 9.0;
    __enzyme_reverse((void *)model, enzyme_runtime_activity, enzyme_dup, x, dx, enzyme_dup, w, dw, enzyme_dup, b, b, enzyme_dup, tr,
                     tr, 1.0, a.tape);
    ck_gradient("split, stand-ins: d/dx", dx, F_x, xr, N);
    ck_gradient("split, stand-ins: d/dw", dw, F_w, wr, N);
    CHECK_PRIMAL("split, stand-ins: bias unchanged", same(b, B0), 1);
  }
  {
    double x[N], w[N], b[N], tr[N], dx[N] = {0}, dw[N] = {0};
    memcpy(x, X0, sizeof x), memcpy(w, W0, sizeof w), memcpy(b, B0, sizeof b);
    char *tape = malloc(__enzyme_augmentsize((void *)model, enzyme_dup, enzyme_dup, enzyme_dup, enzyme_dup) + 1);
    __enzyme_augmentfwd_d((void *)model, enzyme_runtime_activity, enzyme_dup, x, dx, enzyme_dup, w, dw, enzyme_dup, b, b,
                          enzyme_dup, tr, tr, enzyme_allocated,
                          __enzyme_augmentsize((void *)model, enzyme_dup, enzyme_dup, enzyme_dup, enzyme_dup) + 1,
                          enzyme_tape, tape);
    __enzyme_reverse((void *)model, enzyme_runtime_activity, enzyme_dup, x, dx, enzyme_dup, w, dw, enzyme_dup, b, b, enzyme_dup,
                     tr, tr, 2.0, enzyme_allocated,
                     __enzyme_augmentsize((void *)model, enzyme_dup, enzyme_dup, enzyme_dup, enzyme_dup) + 1, enzyme_tape, tape);
    free(tape);
    for (int i = 0; i < N; i++) dx[i] *= 0.5, dw[i] *= 0.5;
    ck_gradient("split caller tape, stand-ins (seed 2, scaled back): d/dx", dx, F_x, xr, N);
    ck_gradient("split caller tape, stand-ins (seed 2, scaled back): d/dw", dw, F_w, wr, N);
    CHECK_PRIMAL("split caller tape, stand-ins: bias unchanged", same(b, B0), 1);
  }
  return ck_done();
}
