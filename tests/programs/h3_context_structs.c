// TEST: reverse and split mode through the context-struct style of C numerical code: a solver context passed with enzyme_dup (with a shadow context) whose pointer fields the function itself points at the active input and at heap scratch before reading through them, a callback taking `void *ctx` that reads parameters through the context, a context passed with enzyme_const that only receives the address of the input (never read back through it) and a step count; gradients against finite differences at every level (at -O0 the pointers go through the contexts' memory), the dot-product test against forward mode
#include <stdlib.h>
#include <string.h>

#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

typedef double (*rhs_fn)(double t, double y, void *ctx);
typedef struct {
  const double *params; /* set by the function */
  double *work;         /* heap scratch, set by the function */
  int n;
  rhs_fn rhs;
} solver;
typedef struct {
  const double *last_input; /* written, never read back by the function */
  int steps;
} stats;

static double decay(double t, double y, void *ctx) {
  const solver *s = ctx;
  return -s->params[0] * y + s->params[1] * sin(t * s->params[2]);
}

__attribute__((noinline)) static double integrate(solver *s, double y0) {
  double y = y0, h = 0.05;
  for (int k = 0; k < s->n; k++) {
    double t = k * h;
    double k1 = s->rhs(t, y, s);
    double k2 = s->rhs(t + h, y + h * k1, s);
    y += 0.5 * h * (k1 + k2);
    s->work[k] = y;
  }
  double acc = 0.0;
  for (int k = 0; k < s->n; k++) acc += s->work[k] * s->work[k];
  return acc / s->n;
}

static double run(const double *p, solver *s, stats *st) {
  s->params = p;
  s->work = malloc(s->n * sizeof(double));
  s->rhs = decay;
  st->last_input = p;
  st->steps += s->n;
  double r = integrate(s, p[3]);
  free(s->work);
  s->work = NULL;
  return r;
}

#define NP 4
static double F(double *p) {
  solver s = {0, 0, 20, 0};
  stats st = {0, 0};
  return run(p, &s, &st);
}

int main(void) {
  double p[NP] = {0.8, 0.5, 2.0, 1.1}, dp[NP] = {0}, v[NP] = {0.3, -1.0, 0.6, 0.9}, one = 1.0;
  solver s = {0, 0, 20, 0}, ds = {0, 0, 0, 0};
  stats st = {0, 0};
  __enzyme_autodiff((void *)run, enzyme_dup, p, dp, enzyme_dup, &s, &ds, enzyme_const, &st);
  ck_gradient("dup solver context, const stats", dp, F, p, NP);
  CHECK_PRIMAL("stats written", st.steps, 20.0);
  CHECK_PRIMAL("stats hold the input's address", st.last_input == p, 1.0);
  solver s2 = {0, 0, 20, 0}, ds2 = {0, 0, 0, 0};
  double jv = __enzyme_fwddiff((void *)run, enzyme_dup, p, v, enzyme_dup, &s2, &ds2, enzyme_const, &st);
  ck_dot_test("dup solver context, const stats", &one, &jv, 1, dp, v, NP);

  double dq[NP] = {0};
  solver s3 = {0, 0, 20, 0}, ds3 = {0, 0, 0, 0};
  ck_aug a = __enzyme_augmentfwd((void *)run, enzyme_dup, p, dq, enzyme_dup, &s3, &ds3, enzyme_const, &st);
  CHECK_PRIMAL("split: primal", a.primal, F(p));
  __enzyme_reverse((void *)run, enzyme_dup, p, dq, enzyme_dup, &s3, &ds3, enzyme_const, &st, 1.0, a.tape);
  ck_gradient("split: dup solver context, const stats", dq, F, p, NP);
  return ck_done();
}
