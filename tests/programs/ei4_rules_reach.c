// TEST: user rules reached in unusual ways: a registered reverse rule and forward rule for a softplus called from a helper inside a loop, from a recursive function, from two different differentiated functions and through a function pointer selected at run time; a void rule on an in-place array update called from a nested loop; reverse against finite differences and the dot-product test with forward mode
#include "include/ck_array.h"

__attribute__((noinline)) double softplus(double x) { return log1p(exp(x)); }
/* reverse rule: aug returns the primal only (same type: no tape); rev gets x and the adjoint */
static double sp_aug(double x) { return log1p(exp(x)); }
static double sp_rev(double x, double dret) { return dret / (1.0 + exp(-x)); }
typedef struct {
  double p, t;
} pt;
static pt sp_fwd(double x, double dx) {
  pt r = {log1p(exp(x)), dx / (1.0 + exp(-x))};
  return r;
}
void *__enzyme_register_gradient_softplus[] = {(void *)softplus, (void *)sp_aug, (void *)sp_rev};
void *__enzyme_register_derivative_softplus[] = {(void *)softplus, (void *)sp_fwd};

/* in place: a[i] = a[i] * s + a[i]^3 */
__attribute__((noinline)) void cube_add(double *a, double s, int n) {
  for (int i = 0; i < n; i++) a[i] = a[i] * s + a[i] * a[i] * a[i];
}
static void *ca_aug(double *a, double *da, double s, int n, int n2) {
  (void)da;
  (void)n2;
  double *tape = malloc(sizeof(double) * (n + 1));
  for (int i = 0; i < n; i++) tape[i] = a[i];
  tape[n] = s;
  for (int i = 0; i < n; i++) a[i] = a[i] * s + a[i] * a[i] * a[i];
  return tape;
}
static double ca_rev(double *a, double *da, double s, int n, int n2, void *tp) {
  (void)a;
  (void)s;
  (void)n2;
  double *tape = tp, ds = 0.0;
  for (int i = 0; i < n; i++) {
    double x = tape[i];
    ds += da[i] * x;
    da[i] = da[i] * (tape[n] + 3.0 * x * x);
  }
  free(tape);
  return ds;
}
static void ca_fwd(double *a, double *da, double s, double ds, int n, int n2) {
  (void)n2;
  for (int i = 0; i < n; i++) {
    double x = a[i];
    da[i] = da[i] * (s + 3.0 * x * x) + x * ds;
    a[i] = x * s + x * x * x;
  }
}
void *__enzyme_register_gradient_ca[] = {(void *)cube_add, (void *)ca_aug, (void *)ca_rev};
void *__enzyme_register_derivative_ca[] = {(void *)cube_add, (void *)ca_fwd};

__attribute__((noinline)) double helper(const double *x, int i) { return softplus(x[i] * x[i + 1]); }
__attribute__((noinline)) double rec(const double *x, int n) {
  if (n == 0) return softplus(x[0]);
  return softplus(x[n] - rec(x, n - 1) * 0.5);
}
static double sq(double v) { return v * v; }
typedef double (*unary)(double);

#define N 5
__attribute__((noinline)) double f1(const double *x, int n, int pick) {
  double s = 0.0;
  unary fns[2] = {softplus, sq};
  for (int i = 0; i + 1 < n; i++) s += helper(x, i) * fns[(i + pick) & 1](x[i]);
  return s + rec(x, n - 1);
}
__attribute__((noinline)) double f2(const double *x, double s, int n) {
  double a[N];
  for (int i = 0; i < n; i++) a[i] = softplus(x[i]) - 0.5;
  for (int r = 0; r < 2; r++)
    for (int j = 0; j < 2; j++) cube_add(a, s + 0.1 * r * j, n);
  double t = 0.0;
  for (int i = 0; i < n; i++) t += a[i] * (i + 1);
  return t;
}

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static int PICK;
static double o1(double *x) { return f1(x, N, PICK); }
static double o2(double *x) { return f2(x, x[N], N); }

int main(void) {
  double x[N + 1] = {0.3, -0.5, 0.9, -1.2, 0.4, 0.35};
  double v[N + 1] = {1, -0.5, 0.25, 0.8, -0.3, 0.6}, one = 1.0;
  for (PICK = 0; PICK < 2; PICK++) {
    double d[N] = {0};
    __enzyme_autodiff((void *)f1, enzyme_dup, x, d, enzyme_const, N, enzyme_const, PICK);
    ck_gradient(PICK ? "f1 pick 1" : "f1 pick 0", d, o1, x, N);
    double jv = __enzyme_fwddiff((void *)f1, enzyme_dup, x, v, enzyme_const, N, enzyme_const, PICK);
    ck_dot_test(PICK ? "f1 pick 1 fwd" : "f1 pick 0 fwd", &one, &jv, 1, d, v, N);
  }
  double d2[N + 1] = {0};
  d2[N] = __enzyme_autodiff((void *)f2, enzyme_dup, x, d2, enzyme_out, x[N], enzyme_const, N);
  ck_gradient("f2 rules in loops", d2, o2, x, N + 1);
  double jv2 = __enzyme_fwddiff((void *)f2, enzyme_dup, x, v, enzyme_dup, x[N], v[N], enzyme_const, N);
  ck_dot_test("f2 fwd", &one, &jv2, 1, d2, v, N + 1);
  return ck_done();
}
