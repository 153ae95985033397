// TEST: Enzyme integration-test style kernels through __enzyme_autodiff and __enzyme_fwddiff: fmod, fmin/fmax/fabs kinks, pow and __builtin_powi with integer exponents, a recursive power, a struct of function pointers, an early-exit search loop, a gradient returned as a struct of mixed float/double enzyme_out parameters
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct { double da; float db; double dc; } MixGrad;
MixGrad __enzyme_autodiff_mix(void *, ...);
typedef struct { double dx, dy; } G2;
G2 __enzyme_autodiff_g2(void *, ...);

/* fmod: d/dx = 1, d/dy = -trunc(x/y) */
static double wrap(double x, double y) { return fmod(x * x, y) + 0.5 * fmod(-x, y + 1.0); }

/* integer powers, spelled the ways C code spells them */
static double powers(double x, double y) {
  return pow(x, 3) + pow(y, 2.0) * x + __builtin_powi(x * y, 4) + pow(x, -2) + pow(y, 0.5);
}

/* a recursive integer power x^n by squaring */
static double ipow(double x, int n) {
  if (n == 0) return 1.0;
  if (n < 0) return 1.0 / ipow(x, -n);
  double h = ipow(x, n / 2);
  return (n & 1) ? h * h * x : h * h;
}
static double rec_pow(double x) { return ipow(x, 7) + ipow(x, -3); }

static double kinks(double x, double y) {
  return fmax(x, y) * fmin(x * y, 1.5) + fabs(x - 2.0 * y) + copysign(x * x, y - 3.0);
}

typedef struct {
  double (*f)(double);
  double (*g)(double, double);
  double scale;
} Ops;
static double op_sq(double x) { return x * x * sin(x); }
static double op_mul(double x, double y) { return x * exp(-y); }
static double apply_ops(const Ops *ops, double x, double y) {
  return ops->scale * ops->g(ops->f(x), y) + ops->f(y);
}
static Ops OPS = {op_sq, op_mul, 1.5};
static double via_ops(double x, double y) { return apply_ops(&OPS, x, y); }

/* early exit: the first prefix sum above a threshold, scaled */
static double first_over(const double *v, int n, double t) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    s += v[i] * v[i];
    if (s > t) return s * (double)(i + 1);
  }
  return s;
}
static double V0[6] = {0.4, -0.3, 0.9, 1.2, -0.5, 0.6};
static double F_first(double *v) { return first_over(v, 6, 1.0); }

#define MIX(a, b, k, c) ((a) * (b) + (double)(k) * sin(c) + (b) * (b) * (c))
static double mix(double a, float b, int k, double c) { return MIX(a, b, k, c); }
static double mix_d(double a, double b, int k, double c) { return MIX(a, b, k, c); }

static double FX_wrap(double x) { return wrap(x, 0.7); }
static double FY_wrap(double y) { return wrap(2.3, y); }
static double FX_pow(double x) { return powers(x, 1.3); }
static double FY_pow(double y) { return powers(0.8, y); }
static double FX_kinks(double x) { return kinks(x, 0.4); }
static double FY_kinks(double y) { return kinks(1.9, y); }
static double FX_ops(double x) { return via_ops(x, 0.3); }
static double FY_ops(double y) { return via_ops(0.7, y); }
static double FA_mix(double a) { return mix_d(a, 0.25, 3, 1.1); }
static double FB_mix(double b) { return mix_d(0.6, b, 3, 1.1); }
static double FC_mix(double c) { return mix_d(0.6, 0.25, 3, c); }

int main(void) {
  G2 g = __enzyme_autodiff_g2((void *)wrap, 2.3, 0.7);
  CHECK("fmod d/dx", g.dx, ck_fd1(FX_wrap, 2.3));
  CHECK("fmod d/dy", g.dy, ck_fd1(FY_wrap, 0.7));
  CHECK("fmod fwd d/dx", __enzyme_fwddiff((void *)wrap, 2.3, 1.0, 0.7, 0.0), ck_fd1(FX_wrap, 2.3));

  g = __enzyme_autodiff_g2((void *)powers, 0.8, 1.3);
  CHECK("integer pow d/dx", g.dx, ck_fd1(FX_pow, 0.8));
  CHECK("integer pow d/dy", g.dy, ck_fd1(FY_pow, 1.3));
  CHECK("integer pow fwd d/dy", __enzyme_fwddiff((void *)powers, 0.8, 0.0, 1.3, 1.0), ck_fd1(FY_pow, 1.3));

  CHECK("recursive ipow", __enzyme_autodiff((void *)rec_pow, 1.1), ck_fd1(rec_pow, 1.1));
  CHECK("recursive ipow fwd", __enzyme_fwddiff((void *)rec_pow, 1.1, 1.0), ck_fd1(rec_pow, 1.1));

  g = __enzyme_autodiff_g2((void *)kinks, 1.9, 0.4);
  CHECK("fmax/fmin/fabs/copysign d/dx", g.dx, ck_fd1(FX_kinks, 1.9));
  CHECK("fmax/fmin/fabs/copysign d/dy", g.dy, ck_fd1(FY_kinks, 0.4));

  g = __enzyme_autodiff_g2((void *)via_ops, 0.7, 0.3);
  CHECK("struct of fn pointers d/dx", g.dx, ck_fd1(FX_ops, 0.7));
  CHECK("struct of fn pointers d/dy", g.dy, ck_fd1(FY_ops, 0.3));

  double v[6], dv[6] = {0};
  memcpy(v, V0, sizeof v);
  __enzyme_autodiff((void *)first_over, v, dv, enzyme_const, 6, enzyme_const, 1.0);
  ck_gradient("early exit prefix sum", dv, F_first, v, 6);

  MixGrad m = __enzyme_autodiff_mix((void *)mix, 0.6, 0.25f, enzyme_const, 3, 1.1);
  CHECK("mixed enzyme_out d/da", m.da, ck_fd1(FA_mix, 0.6));
  CHECK_F32("mixed enzyme_out d/db (float)", m.db, ck_fd1(FB_mix, 0.25));
  CHECK("mixed enzyme_out d/dc", m.dc, ck_fd1(FC_mix, 1.1));
  return ck_done();
}
