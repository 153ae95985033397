// TEST: long loops with conditionals that leave early: a 20000-step logistic-like recurrence with a data-dependent branch every step and a break when the state leaves a band (taken before the last step for these inputs), a loop over a long heap array that stops at the first element past a running maximum, a while(1) loop with two different breaks and a continue, and a loop whose early exit depends on an integer counter derived from comparisons of active values; reverse (a tape of thousands of steps) against finite differences and the dot-product test with forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

__attribute__((noinline)) double recur(const double *p, int steps) {
  double x = p[0], acc = 0.0;
  int k;
  for (k = 0; k < steps; k++) {
    if (x < 0.5)
      x = x + p[1] * x * (1.0 - x) * 1e-4;
    else
      x = x + p[2] * sin(x) * (1.0 - x) * 2e-4;
    acc += x * 1e-4;
    if (x > 0.93) break;
  }
  return acc + x + k * 1e-9;
}
static double o_rec(double *p) { return recur(p, 20000); }

#define NL 3000
__attribute__((noinline)) double first_past(const double *a, int n) {
  double *b = malloc(n * sizeof(double));
  for (int i = 0; i < n; i++) b[i] = a[i % 7] * (1.0 + 2e-3 * i) + 0.01 * sin(a[(i + 3) % 7]);
  double mx = b[0], s = 0.0;
  int i;
  for (i = 1; i < n; i++) {
    if (b[i] > 3.0) break;
    if (b[i] > mx) mx = b[i];
    s += b[i] * 1e-3;
  }
  double r = s + mx * (i % 5 + 1);
  free(b);
  return r;
}
static double o_fp(double *a) { return first_past(a, NL); }

__attribute__((noinline)) double loopy(const double *x) {
  double s = x[0];
  int k = 0, up = 0;
  while (1) {
    k++;
    if (k > 5000) break;
    if (k % 3 == 0) {
      s = s * 0.999 + x[1] * 1e-3;
      continue;
    }
    s += 1e-3 * cos(s * x[2]);
    if (s > x[0] + 0.5) up++;
    if (up > 50) break;
  }
  return s * s + up * x[1];
}
static double o_loopy(double *x) { return loopy(x); }

int main(void) {
  double one = 1.0;
  double p[3] = {0.52, 1.7, 0.9}, dp[3] = {0}, vp[3] = {1.0, -0.4, 0.6};
  __enzyme_autodiff((void *)recur, enzyme_dup, p, dp, enzyme_const, 20000);
  ck_gradient("20000-step recurrence", dp, o_rec, p, 3);
  double jp = __enzyme_fwddiff((void *)recur, enzyme_dup, p, vp, enzyme_const, 20000);
  ck_dot_test("20000-step recurrence fwd", &one, &jp, 1, dp, vp, 3);

  double a[7] = {0.3, 0.8, -0.2, 0.5, 0.1, 0.65, 0.4}, da[7] = {0}, va[7] = {1, -1, 0.5, 0.2, -0.3, 0.7, 0.1};
  __enzyme_autodiff((void *)first_past, enzyme_dup, a, da, enzyme_const, NL);
  ck_gradient("first past running max", da, o_fp, a, 7);
  double ja = __enzyme_fwddiff((void *)first_past, enzyme_dup, a, va, enzyme_const, NL);
  ck_dot_test("first past running max fwd", &one, &ja, 1, da, va, 7);

  double x[3] = {0.2, 0.7, 1.3}, dx[3] = {0}, vx[3] = {0.3, 1.0, -0.5};
  __enzyme_autodiff((void *)loopy, enzyme_dup, x, dx);
  ck_gradient("while(1) two breaks", dx, o_loopy, x, 3);
  double jx = __enzyme_fwddiff((void *)loopy, enzyme_dup, x, vx);
  ck_dot_test("while(1) two breaks fwd", &one, &jx, 1, dx, vx, 3);
  return ck_done();
}
