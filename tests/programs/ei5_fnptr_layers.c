// TEST: reverse and forward mode through function pointers stored in structs: a small network whose layers are records {int n; const double *w; double (*act)(double); void (*apply)(const struct layer *, const double *, double *)} in an array, the activation and the apply routine chosen per layer and called through the record, a vtable-like struct of operations {double (*f)(void *, double); void *state} whose state holds active parameters, and a callback struct passed into a noinline driver; against finite differences and the dot-product test
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct layer {
  int n;
  const double *w;
  double (*act)(double);
  void (*apply)(const struct layer *, const double *, double *);
} layer;
static double act_tanh(double x) { return tanh(x); }
static double act_soft(double x) { return log1p(exp(x)); }
static double act_sq(double x) { return x * x * 0.5; }
static void apply_dense(const layer *L, const double *in, double *out) {
  for (int i = 0; i < L->n; i++) {
    double s = 0.0;
    for (int j = 0; j < L->n; j++) s += L->w[i * L->n + j] * in[j];
    out[i] = L->act(s);
  }
}
static void apply_diag(const layer *L, const double *in, double *out) {
  for (int i = 0; i < L->n; i++) out[i] = L->act(L->w[i * L->n + i] * in[i] + in[(i + 1) % L->n]);
}
#define N 4
__attribute__((noinline)) double net(const double *w, const double *x, int nl) {
  layer L[3] = {{N, w, act_tanh, apply_dense}, {N, w + N * N, act_soft, apply_diag}, {N, w + 2 * N * N, act_sq, apply_dense}};
  double a[N], b[N];
  memcpy(a, x, sizeof a);
  for (int l = 0; l < nl; l++) {
    L[l].apply(&L[l], a, b);
    memcpy(a, b, sizeof a);
  }
  double s = 0.0;
  for (int i = 0; i < N; i++) s += a[i] * (i + 1);
  return s;
}
static double XN[N] = {0.5, -0.8, 0.3, 1.1};
static double o_net(double *w) { return net(w, XN, 3); }

typedef struct {
  double (*f)(void *, double);
  void *state;
} op;
typedef struct {
  double a, b;
} affine_state;
static double op_affine(void *s, double x) {
  affine_state *st = s;
  return st->a * x + st->b * sin(x);
}
static double op_pow(void *s, double x) {
  double *p = s;
  return pow(1.0 + x * x, p[0]) * p[1];
}
__attribute__((noinline)) static double drive(const op *ops, int n, double x) {
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < n; i++) x = ops[i].f(ops[i].state, x) * 0.5 + 0.2;
  return x;
}
__attribute__((noinline)) double chain(double *p, double x) {
  affine_state st = {p[0], p[1]};
  op ops[2] = {{op_affine, &st}, {op_pow, p + 2}};
  return drive(ops, 2, x);
}
static double o_chain(double *p) { return chain(p, 0.6); }

int main(void) {
  double w[3 * N * N], dw[3 * N * N] = {0}, v[3 * N * N], one = 1.0;
  for (int i = 0; i < 3 * N * N; i++) {
    w[i] = 0.3 * sin(1.1 * i + 0.4);
    v[i] = cos(0.7 * i);
  }
  __enzyme_autodiff((void *)net, enzyme_dup, w, dw, enzyme_const, XN, enzyme_const, 3);
  ck_gradient("layers through fn pointers", dw, o_net, w, 3 * N * N);
  double jv = __enzyme_fwddiff((void *)net, enzyme_dup, w, v, enzyme_const, XN, enzyme_const, 3);
  ck_dot_test("layers through fn pointers fwd", &one, &jv, 1, dw, v, 3 * N * N);

  double p[4] = {0.9, 0.4, 0.35, 1.2}, dp[4] = {0}, vp[4] = {1.0, -0.5, 0.3, 0.8};
  __enzyme_autodiff((void *)chain, enzyme_dup, p, dp, enzyme_const, 0.6);
  ck_gradient("ops with void* state", dp, o_chain, p, 4);
  double jc = __enzyme_fwddiff((void *)chain, enzyme_dup, p, vp, enzyme_const, 0.6);
  ck_dot_test("ops with void* state fwd", &one, &jc, 1, dp, vp, 4);
  return ck_done();
}
