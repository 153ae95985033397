// TEST: second derivatives through split mode inside the differentiated function: a gradient made of __enzyme_augmentfwd and __enzyme_reverse with the tape in a caller buffer (enzyme_allocated with __enzyme_augmentsize, enzyme_tape) and with the default heap tape, for an objective with a loop that overwrites its state (so the tape holds the overwritten values); differentiated by __enzyme_fwddiff at width 1 and width 2 (Hessian columns) and by __enzyme_autodiff (reverse over split reverse, the tape buffer itself becoming active memory); against finite differences of the gradient, reverse against forward by the dot-product test
#include "include/ck_array.h"

void *__enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
int __enzyme_augmentsize(void *, ...);
void __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);
extern int enzyme_allocated, enzyme_tape;

#define N 4

/* the state x is overwritten each sweep; the result goes to *out */
__attribute__((noinline)) void sweep(double *x, double *out) {
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < N; i++) x[i] = sin(x[i]) + 0.5 * x[(i + 1) % N] * x[i];
  double s = 0.0;
  for (int i = 0; i < N; i++) s += x[i] * x[i] * (i + 1);
  *out = s;
}

static double objective(double *x0) {
  double x[N], o;
  memcpy(x, x0, sizeof x);
  sweep(x, &o);
  return o;
}

/* gradient by split mode, tape in a caller buffer */
__attribute__((noinline)) void grad_alloc(const double *x0, double *g) {
  double x[N], dx[N], o, dout = 1.0;
  char tape[4096];
  int need = __enzyme_augmentsize((void *)sweep, enzyme_dup, enzyme_dup);
  if (need > (int)sizeof tape) abort();
  memcpy(x, x0, sizeof x);
  for (int i = 0; i < N; i++) dx[i] = 0.0;
  __enzyme_augmentfwd((void *)sweep, enzyme_allocated, sizeof tape, enzyme_tape, tape, enzyme_dup, x, dx, enzyme_dup,
                      &o, &dout);
  __enzyme_reverse((void *)sweep, enzyme_allocated, sizeof tape, enzyme_tape, tape, enzyme_dup, x, dx, enzyme_dup, &o,
                   &dout);
  memcpy(g, dx, sizeof dx);
}
/* gradient by split mode, default tape */
__attribute__((noinline)) void grad_heap(const double *x0, double *g) {
  double x[N], dx[N], o, dout = 1.0;
  memcpy(x, x0, sizeof x);
  for (int i = 0; i < N; i++) dx[i] = 0.0;
  void *t = __enzyme_augmentfwd((void *)sweep, enzyme_dup, x, dx, enzyme_dup, &o, &dout);
  __enzyme_reverse((void *)sweep, enzyme_dup, x, dx, enzyme_dup, &o, &dout, t);
  memcpy(g, dx, sizeof dx);
}

static double V[N] = {0.4, -1.0, 0.7, 0.25};
static double gdotv_alloc(double *x) {
  double g[N];
  grad_alloc(x, g);
  return ck_dot(g, V, N);
}
static double gdotv_heap(double *x) {
  double g[N];
  grad_heap(x, g);
  return ck_dot(g, V, N);
}
static double WEI[N] = {1.0, 0.5, -0.25, 2.0};
__attribute__((noinline)) double gw_heap(const double *x) {
  double g[N];
  grad_heap(x, g);
  return ck_dot(g, WEI, N);
}
static double gw_heap_p(double *x) { return gw_heap(x); }
static double gw_alloc_p(double *x) {
  double g[N];
  grad_alloc(x, g);
  return ck_dot(g, WEI, N);
}
__attribute__((noinline)) double gw_alloc(const double *x) { return gw_alloc_p((double *)x); }

int main(void) {
  double x[N] = {0.3, -0.6, 0.9, 0.2};
  double g1[N], g2[N];
  grad_alloc(x, g1);
  grad_heap(x, g2);
  ck_gradient("split gradient, caller tape", g1, objective, x, N);
  ck_gradient("split gradient, heap tape", g2, objective, x, N);

  /* H v by forward over split reverse */
  double gd[N], hv1[N], hv2[N];
  __enzyme_fwddiff((void *)grad_alloc, enzyme_dup, x, V, enzyme_dup, gd, hv1);
  __enzyme_fwddiff((void *)grad_heap, enzyme_dup, x, V, enzyme_dup, gd, hv2);
  ck_gradient("fwd over split (caller tape): H v", hv1, gdotv_alloc, x, N);
  ck_gradient("fwd over split (heap tape): H v", hv2, gdotv_heap, x, N);
  /* two Hessian columns at width 2 */
  double e0[N] = {1, 0, 0, 0}, e2[N] = {0, 0, 1, 0}, c0[N], c2[N];
  __enzyme_fwddiff((void *)grad_alloc, enzyme_width, 2, enzyme_dup, x, e0, e2, enzyme_dup, gd, c0, c2);
  static int ROW;
  for (ROW = 0; ROW < N; ROW++) {
    char label[80];
    double gp[N], gm[N], xp[N], xm[N], h;
    memcpy(xp, x, sizeof xp);
    memcpy(xm, x, sizeof xm);
    h = ck_step(x[0]);
    xp[0] += h;
    xm[0] -= h;
    grad_alloc(xp, gp);
    grad_alloc(xm, gm);
    snprintf(label, sizeof label, "width 2 over split: H[%d][0]", ROW);
    CHECK(label, c0[ROW], (gp[ROW] - gm[ROW]) / (2 * h));
    memcpy(xp, x, sizeof xp);
    memcpy(xm, x, sizeof xm);
    h = ck_step(x[2]);
    xp[2] += h;
    xm[2] -= h;
    grad_alloc(xp, gp);
    grad_alloc(xm, gm);
    snprintf(label, sizeof label, "width 2 over split: H[%d][2]", ROW);
    CHECK(label, c2[ROW], (gp[ROW] - gm[ROW]) / (2 * h));
  }
  /* reverse over split reverse: gradient of <g, w> = H w */
  double hw1[N] = {0}, hw2[N] = {0};
  __enzyme_autodiff((void *)gw_heap, enzyme_dup, x, hw1);
  __enzyme_autodiff((void *)gw_alloc, enzyme_dup, x, hw2);
  ck_gradient("reverse over split (heap tape): H w", hw1, gw_heap_p, x, N);
  ck_gradient("reverse over split (caller tape): H w", hw2, gw_alloc_p, x, N);
  /* dot test: <H w, v> (reverse) = <w, H v> (forward) */
  CHECK("dot test <H w, v> = <w, H v>", ck_dot(hw1, V, N), ck_dot(WEI, hv2, N));
  return ck_done();
}
