// TEST: Enzyme's registration globals on code a user writes: __enzyme_inactivefn on a stop-gradient helper (its result is a constant to the derivative; the finite difference freezes it) and on a logger that writes active values into a global ring buffer, __enzyme_function_like mapping a hand-written series to "log1p" and a wrapper to "exp", __enzyme_inactive_global on a scratch table the function writes and reads; reverse and forward mode against finite differences and the dot-product test
#include "include/ck_array.h"

static int frozen;
static double frozen_val[8];
static int fcount;
__attribute__((noinline)) double stop_grad(double v) {
  if (frozen) return frozen_val[fcount++];
  return v;
}
void *__enzyme_inactivefn[] = {(void *)stop_grad};

static double ring[16];
static int ring_pos;
__attribute__((noinline)) void log_value(double v) {
  ring[ring_pos & 15] = v;
  ring_pos++;
}
void *__enzyme_inactivefn2[] __asm__("__enzyme_inactivefn_log") = {(void *)log_value};

/* ln(1 + x) by atanh series: 2 * sum z^(2k+1)/(2k+1), z = x/(2+x); accurate to 1e-16 for |x| < 1 */
__attribute__((noinline)) double my_log1p(double x) {
  double z = x / (2.0 + x), z2 = z * z, t = z, s = 0.0;
  for (int k = 0; k < 40; k++) {
    s += t / (2 * k + 1);
    t *= z2;
  }
  return 2.0 * s;
}
void *__enzyme_function_like[2] = {(void *)my_log1p, (void *)"log1p"};
__attribute__((noinline)) double my_exp(double x) { return exp(x); }
void *__enzyme_function_like_exp[2] = {(void *)my_exp, (void *)"exp"};

static double table[8];
void *__enzyme_inactive_global = (void *)table;

#define N 4
__attribute__((noinline)) double f(const double *x, int n) {
  double m = 0.0;
  for (int i = 0; i < n; i++) m += x[i];
  m = stop_grad(m / n); /* a running mean that does not carry a gradient */
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double c = x[i] - m;
    table[i] = (double)(i + 1); /* inactive scratch */
    log_value(c);
    s += my_log1p(c * c) * table[i] + my_exp(0.3 * x[i]) * stop_grad(x[(i + 1) % n]);
  }
  return s;
}

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static double obj(double *x) {
  frozen = 1;
  fcount = 0;
  double r = f(x, N);
  frozen = 0;
  return r;
}

int main(void) {
  double x[N] = {0.4, -0.3, 0.9, 0.1};
  /* record the values stop_grad sees at x, so the finite difference holds them constant */
  double m = 0.0;
  for (int i = 0; i < N; i++) m += x[i];
  frozen_val[0] = m / N;
  for (int i = 0; i < N; i++) frozen_val[1 + i] = x[(i + 1) % N];
  double d[N] = {0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, d, enzyme_const, N);
  ck_gradient("inactive + function_like", d, obj, x, N);
  double v[N] = {0.5, 1, -0.7, 0.2}, one = 1.0;
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("inactive + function_like fwd", &one, &jv, 1, d, v, N);
  CHECK_PRIMAL("logger still ran", (double)(ring_pos > 0), 1.0);
  return ck_done();
}
