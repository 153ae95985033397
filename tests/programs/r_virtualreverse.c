// TEST: `__enzyme_virtualreverse(f)` as the shadow of function-pointer fields (Enzyme's virtualshadow tests): records {fn, val} whose functions are picked at run time and called through the field, differentiated in reverse and forward mode with each shadow record's `fn` set to `__enzyme_virtualreverse` of the same function; gradients against finite differences and the dot-product test against forward mode
#include "include/ck_array.h"
#include <math.h>

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
void *__enzyme_virtualreverse(void *);
extern int enzyme_dup, enzyme_const;

typedef double (*unary)(double);
struct rec {
  unary fn;
  double val;
};

__attribute__((noinline)) double square(double x) { return x * x; }
__attribute__((noinline)) double wave(double x) { return sin(x) * x + 0.5; }
static double expo(double x) { return exp(0.3 * x) - x; }

/* Enzyme's shape: one record, its function called through the field. */
static double one(struct rec *s) { return s->fn(s->val); }

/* Several records; which function each holds depends on the data, and the field is read in a loop. */
#define N 5
static unary TABLE[3] = {square, wave, expo};
__attribute__((noinline)) static void assign(struct rec *r, int n, const int *pick) {
  for (int i = 0; i < n; i++) r[i].fn = TABLE[pick[i] % 3];
}
static double many(struct rec *r, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += (i + 1) * r[i].fn(r[i].val) * r[(i + 1) % n].val;
  return s;
}

static struct rec R[N];
static const int PICK[N] = {0, 1, 2, 1, 0};
static double F_many(double *x) {
  for (int i = 0; i < N; i++) R[i].val = x[i];
  return many(R, N);
}

int main(void) {
  struct rec s = {square, 3.0}, ds = {(unary)__enzyme_virtualreverse((void *)square), 0.0};
  __enzyme_autodiff((void *)one, &s, &ds);
  CHECK("square through a field, reverse", ds.val, 6.0);
  struct rec t = {wave, 0.7}, tt = {(unary)__enzyme_virtualreverse((void *)wave), 1.0};
  double fw = __enzyme_fwddiff((void *)one, enzyme_dup, &t, &tt);
  CHECK("wave through a field, forward", fw, sin(0.7) + 0.7 * cos(0.7));

  struct rec d[N];
  assign(R, N, PICK);
  void *shadows[3] = {__enzyme_virtualreverse((void *)square), __enzyme_virtualreverse((void *)wave),
                      __enzyme_virtualreverse((void *)expo)};
  for (int i = 0; i < N; i++) d[i].fn = (unary)shadows[PICK[i] % 3], d[i].val = 0.0;
  double x[N] = {0.4, -1.1, 0.9, 1.6, -0.5}, v[N] = {1.0, 0.5, -0.3, 0.2, 0.7}, g[N];
  for (int i = 0; i < N; i++) R[i].val = x[i];
  __enzyme_autodiff((void *)many, enzyme_dup, R, d, enzyme_const, N);
  for (int i = 0; i < N; i++) g[i] = d[i].val;
  ck_gradient("records picked at run time, reverse", g, F_many, x, N);
  for (int i = 0; i < N; i++) d[i].val = v[i];
  for (int i = 0; i < N; i++) R[i].val = x[i];
  double one_ = 1.0, jv = __enzyme_fwddiff((void *)many, enzyme_dup, R, d, enzyme_const, N);
  ck_dot_test("records picked at run time", &one_, &jv, 1, g, v, N);
  return ck_done();
}
