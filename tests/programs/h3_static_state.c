// TEST: reverse and split mode through static state inside the differentiated code: a constant table filled lazily on the first call (so the first gradient runs the initialisation inside the derivative and later ones skip it), a call counter, a one-entry memo in static locals hit by a repeated call with the same argument within one evaluation, and a static scratch array reused by a non-inlined helper; gradients against finite differences (before and after the table exists) and the dot-product test against forward mode
#include <string.h>

#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

static int calls;

/* sin at 64 points of [0, 2): filled on first use */
static double lookup(double t) {
  static double table[65];
  static int ready;
  if (!ready) {
    for (int k = 0; k <= 64; k++) table[k] = sin(k / 32.0);
    ready = 1;
  }
  double u = t * 32.0;
  int k = (int)u;
  if (k < 0) k = 0;
  if (k > 63) k = 63;
  double w = u - k;
  return table[k] * (1.0 - w) + table[k + 1] * w;
}

/* remembers its last argument */
static double heavy(double a) {
  static double last_a = -1e300, last_r;
  if (a == last_a) return last_r;
  last_a = a;
  last_r = exp(0.5 * sin(a)) * a;
  return last_r;
}

__attribute__((noinline)) static double smooth3(const double *x, int n) {
  static double scratch[16];
  for (int i = 0; i < n; i++) scratch[i] = x[i] * x[i] + x[(i + 1) % n];
  double s = 0.0;
  for (int i = 0; i < n; i++) s += scratch[i] * scratch[(i + n - 1) % n];
  return s;
}

static double model(const double *x, int n) {
  calls++;
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double t = 0.3 + 0.25 * (x[i] + 2.0);
    s += lookup(t) * heavy(x[i]) + heavy(x[i]) * 0.5; /* the second call hits the memo */
  }
  return s + 0.1 * smooth3(x, n);
}

#define N 5
static double F(double *x) { return model(x, N); }

int main(void) {
  double x[N] = {0.37, -0.82, 1.13, 0.58, -1.41};
  double v[N] = {1.0, -0.4, 0.3, 0.9, -1.2}, one = 1.0;
  char label[64];
  for (int round = 0; round < 2; round++) {
    double dx[N] = {0};
    __enzyme_autodiff((void *)model, enzyme_dup, x, dx, enzyme_const, N);
    snprintf(label, sizeof label, round ? "table ready" : "table filled inside the gradient");
    ck_gradient(label, dx, F, x, N);
    double jv = __enzyme_fwddiff((void *)model, enzyme_dup, x, v, enzyme_const, N);
    ck_dot_test(label, &one, &jv, 1, dx, v, N);
  }
  double ds[N] = {0};
  ck_aug a = __enzyme_augmentfwd((void *)model, enzyme_dup, x, ds, enzyme_const, N);
  CHECK_PRIMAL("split: primal", a.primal, F(x));
  __enzyme_reverse((void *)model, enzyme_dup, x, ds, enzyme_const, N, 1.0, a.tape);
  ck_gradient("split", ds, F, x, N);
  CHECK_PRIMAL("the counter counted every evaluation", calls > 10, 1.0);
  return ck_done();
}
