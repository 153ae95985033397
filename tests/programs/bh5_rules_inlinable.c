// TEST: user rules (__enzyme_register_derivative and __enzyme_register_gradient) on small static functions without noinline that the optimizer would inline into their callers at -O2/-O3 (a cube root by bisection and a float exponential by a piecewise-constant table, whose bodies have zero derivative, so only the rules give the right one), called in loops, from an inlined helper, and through a function-pointer table indexed at run time (which also holds an __enzyme_function_like "log1p" and an __enzyme_inactivefn function): such a call reached only the functions whose bodies are differentiated and trapped on the others; forward (width 1 and 2), reverse and split gradients against finite differences
// ROUTES: plugin
// (The CLI route differentiates IR clang already optimized: the calls it inlined use the bodies, and Catalase warns that the rule may not apply at every call; crates/cli/tests/cli.rs checks that warning.)
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
typedef struct {
  double d[2];
} Lanes2;
Lanes2 __enzyme_fwddiff_w2(void *, ...);

/* cbrt on (0, 64) by 60 halvings of [0, 4]: the result depends on x only through comparisons. */
static double bis_cbrt(double x) {
  double lo = 0.0, hi = 4.0;
  for (int i = 0; i < 60; i++) {
    double mid = 0.5 * (lo + hi);
    if (mid * mid * mid < x)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}
typedef struct {
  double primal, tangent;
} dual;
static dual bis_cbrt_fwd(double x, double dx) {
  double c = cbrt(x);
  dual r = {c, dx / (3.0 * c * c)};
  return r;
}
static double bis_cbrt_aug(double x) { return cbrt(x); }
static double bis_cbrt_rev(double x, double dret) {
  double c = cbrt(x);
  return dret / (3.0 * c * c);
}
void *__enzyme_register_derivative_bis_cbrt[] = {(void *)bis_cbrt, (void *)bis_cbrt_fwd};
void *__enzyme_register_gradient_bis_cbrt[] = {(void *)bis_cbrt, (void *)bis_cbrt_aug, (void *)bis_cbrt_rev};

/* expf as 2^k e^kr e^d with kr = r rounded down to 1/64 (a polynomial of degree 9, zero
   derivative) and e^d = 1 + d + d^2/2 (d < 1/64): the value is right to 1e-6, the body's own
   derivative off by d^2/2 (1e-4), so only the rule gives the right one. */
static float table_expf(float x) {
  float k = floorf(x * 1.44269504f);
  float r = x - k * 0.693147181f;
  float kr = floorf(r * 64.0f) / 64.0f;
  float p = 1.0f, t = 1.0f;
  for (int j = 1; j <= 9; j++) {
    t *= kr / (float)j;
    p += t;
  }
  float d = r - kr;
  p *= 1.0f + d + 0.5f * d * d;
  return ldexpf(p, (int)k);
}
typedef struct {
  float primal, tangent;
} dualf;
static dualf table_expf_fwd(float x, float dx) {
  float e = expf(x);
  dualf r = {e, e * dx};
  return r;
}
static float table_expf_aug(float x) { return expf(x); }
static float table_expf_rev(float x, float dret) { return expf(x) * dret; }
void *__enzyme_register_derivative_table_expf[] = {(void *)table_expf, (void *)table_expf_fwd};
void *__enzyme_register_gradient_table_expf[] = {(void *)table_expf, (void *)table_expf_aug,
                                                  (void *)table_expf_rev};

static double via_expf(double x) { return (double)table_expf((float)x); }
static double square(double x) { return x * x; }

/* log1p by a truncated series at a rounded argument (zero derivative): only the function-like
   registration gives the right one. */
static double series_log1p(double x) {
  double r = floor(x * 1024.0) / 1024.0, s = 0.0, p = r;
  for (int k = 1; k < 80; k++, p *= -r) s += p / k;
  return s + (x - r) / (1.0 + x);
}
void *__enzyme_function_like[2] = {(void *)series_log1p, (void *)"log1p"};

/* a frozen factor: its result is a constant to the derivatives */
static double frozen(double x) { return 1.0 + 0.1 * floor(4.0 * x) + 0.05 * x; }
void *__enzyme_inactivefn[] = {(void *)frozen};

static inline double helper(double a, double b) { return bis_cbrt(a * a + 1.0) * b + via_expf(0.5 * b); }

typedef double (*unary)(double);
static unary TABLE[5] = {bis_cbrt, via_expf, square, series_log1p, frozen};

__attribute__((noinline)) double model(const double *x, const int *which, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    s += bis_cbrt(x[i] * x[i] + 2.0) * x[(i + 1) % n];
    s += helper(x[i], x[(i + 2) % n]);
    s += TABLE[which[i]](0.25 * x[i] + 0.5) * (1.0 + 0.1 * x[(i + 3) % n]);
  }
  return s;
}

#define N 6
static const int WHICH[N] = {0, 1, 2, 3, 4, 0};
static double frozen_at[N]; /* frozen()'s results at the evaluation point */
static double F(double *x) {
  /* the reference: the same formula with the library functions */
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    s += cbrt(x[i] * x[i] + 2.0) * x[(i + 1) % N];
    double b = x[(i + 2) % N];
    s += cbrt(x[i] * x[i] + 1.0) * b + exp(0.5 * b);
    double a = 0.25 * x[i] + 0.5;
    double t = WHICH[i] == 0 ? cbrt(a) : WHICH[i] == 1 ? exp(a) : WHICH[i] == 2 ? a * a : WHICH[i] == 3 ? log1p(a)
                                                                                                       : frozen_at[i];
    s += t * (1.0 + 0.1 * x[(i + 3) % N]);
  }
  return s;
}

int main(void) {
  double x[N] = {0.7, -0.4, 1.1, 0.25, -0.85, 0.35};
  int which[N];
  memcpy(which, WHICH, sizeof which);
  for (int i = 0; i < N; i++) frozen_at[i] = frozen(0.25 * x[i] + 0.5);
  double v[N], w[N];
  for (int i = 0; i < N; i++) {
    v[i] = cos(1.2 * i + 0.4);
    w[i] = sin(0.6 * i + 0.9);
  }
  CHECK_F32("the model agrees with its reference", model(x, which, N), F(x));

  double g[N] = {0};
  __enzyme_autodiff((void *)model, enzyme_dup, x, g, enzyme_const, which, enzyme_const, N);
  /* float rule results carry float rounding */
  char label[64];
  for (int i = 0; i < N; i++) {
    snprintf(label, sizeof label, "reverse: d/dx[%d]", i);
    CHECK_F32(label, g[i], ck_fd_partial(F, x, i));
  }
  double t = __enzyme_fwddiff((void *)model, enzyme_dup, x, v, enzyme_const, which, enzyme_const, N);
  CHECK_F32("forward along v", t, ck_dot(g, v, N));
  Lanes2 l = __enzyme_fwddiff_w2((void *)model, enzyme_width, 2, enzyme_dup, x, v, w, enzyme_const, which,
                                 enzyme_const, N);
  CHECK_F32("forward width 2 lane 0", l.d[0], ck_dot(g, v, N));
  CHECK_F32("forward width 2 lane 1", l.d[1], ck_dot(g, w, N));
  return ck_done();
}
