// TEST: reverse and forward mode through many maxima: nested fmax/fmin trees, ternary max over an array with the argmax used to gather a second array, a running (prefix) maximum written out, clamps in a loop, fmaxf in float, a max-shifted log-sum-exp; every point away from ties, dot-product tests against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
void __enzyme_autodiff_v(void *, ...) __asm__("__enzyme_autodiff");
void __enzyme_fwddiff_v(void *, ...) __asm__("__enzyme_fwddiff");
float __enzyme_fwddiff_f(void *, ...) __asm__("__enzyme_fwddiff");

#define N 8

static double tree_max(double *x) {
  double a = fmax(fmax(x[0], x[1]), fmax(x[2], x[3]));
  double b = fmin(fmin(x[4], x[5]), fmin(x[6], x[7]));
  double c = fmax(x[0] * x[4], fmin(x[1] * x[5], x[2]));
  return a * b + c * c + fmax(a, -b);
}

static double argmax_gather(double *x, const double *y, int n) {
  int k = 0;
  double m = x[0];
  for (int i = 1; i < n; i++) {
    m = x[i] > m ? x[i] : m;
    if (x[i] == m) k = i;
  }
  return m * y[k] + x[(k + 3) % n] * y[(k + 1) % n];
}

static void prefix_max(const double *x, double *out, int n) {
  double m = -INFINITY;
  for (int i = 0; i < n; i++) {
    m = fmax(m, x[i] * x[i] - x[i]);
    out[i] = m * (1.0 + 0.1 * i);
  }
}

static double clamped_energy(double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double c = fmin(fmax(x[i], -0.5), 0.8);
    s += c * c * x[(i + 1) % n];
  }
  return s;
}

static float fmaxf_mix(float a, float b) { return fmaxf(a * b, a + b) * fminf(a, b * b); }
static double fmaxf_mix_d(double a, double b) { return fmax(a * b, a + b) * fmin(a, b * b); }

static double lse(double *x, int n) {
  double m = x[0];
  for (int i = 1; i < n; i++) m = fmax(m, x[i]);
  double s = 0.0;
  for (int i = 0; i < n; i++) s += exp(x[i] - m);
  return m + log(s);
}

static const double X0[N] = {0.35, -1.2, 1.45, 0.6, -0.25, 0.95, -0.8, 0.1};
static const double Y[N] = {2.0, -1.0, 0.5, 3.0, 1.5, -0.75, 0.25, 1.25};
static const double W[N] = {0.2, -0.4, 1.1, 0.7, -0.9, 0.3, 0.6, -1.3};
static const double V[N] = {0.5, 0.2, -0.3, 0.8, -0.1, 0.45, -0.6, 0.9};

static double F_tree(double *x) { return tree_max(x); }
static double F_arg(double *x) { return argmax_gather(x, Y, N); }
static double F_prefix(double *x) {
  double o[N];
  prefix_max(x, o, N);
  return ck_dot(W, o, N);
}
static double F_clamp(double *x) { return clamped_energy(x, N); }
static double F_lse(double *x) { return lse(x, N); }
static double FB;
static double F_mixa(double a) { return fmaxf_mix_d(a, FB); }

static void scalar_dot(const char *what, double (*f)(double *), double *grad, double *x) {
  double xx[N], vv[N];
  memcpy(xx, x, sizeof xx);
  memcpy(vv, V, sizeof vv);
  (void)f;
  double one = 1.0;
  double jv;
  if (f == F_tree) jv = __enzyme_fwddiff((void *)tree_max, enzyme_dup, xx, vv);
  else if (f == F_arg) jv = __enzyme_fwddiff((void *)argmax_gather, enzyme_dup, xx, vv, enzyme_const, Y, enzyme_const, N);
  else if (f == F_clamp) jv = __enzyme_fwddiff((void *)clamped_energy, enzyme_dup, xx, vv, enzyme_const, N);
  else jv = __enzyme_fwddiff((void *)lse, enzyme_dup, xx, vv, enzyme_const, N);
  ck_dot_test(what, &one, &jv, 1, grad, V, N);
}

int main(void) {
  double x[N], dx[N];
  memcpy(x, X0, sizeof x);

  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)tree_max, enzyme_dup, x, dx);
  ck_gradient("fmax/fmin tree", dx, F_tree, x, N);
  scalar_dot("fmax/fmin tree", F_tree, dx, x);

  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)argmax_gather, enzyme_dup, x, dx, enzyme_const, Y, enzyme_const, N);
  ck_gradient("argmax gather", dx, F_arg, x, N);
  scalar_dot("argmax gather", F_arg, dx, x);

  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)clamped_energy, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("clamps in a loop", dx, F_clamp, x, N);
  scalar_dot("clamps in a loop", F_clamp, dx, x);

  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)lse, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("max-shifted log-sum-exp", dx, F_lse, x, N);
  scalar_dot("max-shifted log-sum-exp", F_lse, dx, x);

  {
    double out[N], dout[N];
    memcpy(dout, W, sizeof dout);
    memset(dx, 0, sizeof dx);
    __enzyme_autodiff_v((void *)prefix_max, enzyme_dup, x, dx, enzyme_dupnoneed, out, dout, enzyme_const, N);
    ck_gradient("prefix max", dx, F_prefix, x, N);
    double xx[N], vv[N], o2[N], do2[N];
    memcpy(xx, x, sizeof xx);
    memcpy(vv, V, sizeof vv);
    __enzyme_fwddiff_v((void *)prefix_max, enzyme_dup, xx, vv, enzyme_dup, o2, do2, enzyme_const, N);
    ck_dot_test("prefix max", W, do2, N, dx, V, N);
  }

  {
    float a = 0.7f, b = -1.3f;
    FB = b;
    float da = __enzyme_fwddiff_f((void *)fmaxf_mix, a, 1.0f, b, 0.0f);
    CHECK_F32("fmaxf/fminf d/da", da, ck_fd1(F_mixa, a));
  }
  return ck_done();
}
