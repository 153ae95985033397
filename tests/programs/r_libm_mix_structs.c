// TEST: reverse mode through libm functions combined in one kernel (fmax, fmin, copysign, hypot, atan2, cbrt, expm1, log1p, erf, erfc, and their float versions), function pointers stored in a struct table called in a loop, and __enzyme_autodiff returning a struct of doubles for several enzyme_out scalars, and one of floats for float enzyme_out scalars
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const, enzyme_out;
double __enzyme_autodiff(void *, ...);
typedef struct {
  double da, db, dc;
} G3;
G3 __enzyme_autodiff_g3(void *, ...);
typedef struct {
  float da, db;
} GF2;
GF2 __enzyme_autodiff_gf2(void *, ...);

static double libm_mix(double a, double b, double c) {
  double s = fmax(a, b) * fmin(b, c) + copysign(a * a, c);
  s += hypot(a, c) + atan2(b, a) + cbrt(a * b + 2.0);
  s += expm1(0.5 * b) * log1p(c * c) + erf(a - c) + erfc(0.5 + a * a);
  return s;
}

typedef struct {
  const char *name;
  double (*f)(double, double);
  double weight;
} Op;

static double op_mul(double x, double y) { return x * y; }
static double op_hyp(double x, double y) { return hypot(x, y); }
static double op_soft(double x, double y) { return log1p(exp(x - y)); }
static Op OPS[3] = {{"mul", op_mul, 0.5}, {"hyp", op_hyp, 1.5}, {"soft", op_soft, -0.75}};

static double table_sum(const double *x, int n, const Op *ops, int nops) {
  double s = 0.0;
  for (int i = 0; i + 1 < n; i++) {
    const Op *o = &ops[i % nops];
    s += o->weight * o->f(x[i], x[i + 1]);
  }
  return s;
}

static float libm_f(float a, float b) {
  return fmaxf(a, b) * hypotf(a, b) + atan2f(b, a) + cbrtf(a + 3.0f) + expm1f(b) * log1pf(a * a) + erff(a * b);
}
static double libm_d(double a, double b) {
  return fmax(a, b) * hypot(a, b) + atan2(b, a) + cbrt(a + 3.0) + expm1(b) * log1p(a * a) + erf(a * b);
}

static double P[3] = {0.7, -0.4, 1.2};
static double F3(double *p) { return libm_mix(p[0], p[1], p[2]); }
#define N 7
static double XT[N] = {0.3, -0.5, 0.9, 1.4, -0.2, 0.6, -1.1};
static double FT(double *x) { return table_sum(x, N, OPS, 3); }
static double PF[2] = {0.8, -0.35};
static double FF(double *p) { return libm_d(p[0], p[1]); }

int main(void) {
  G3 g = __enzyme_autodiff_g3((void *)libm_mix, enzyme_out, P[0], enzyme_out, P[1], enzyme_out, P[2]);
  double gv[3] = {g.da, g.db, g.dc};
  ck_gradient("libm mix, struct of three gradients", gv, F3, P, 3);

  double dx[N] = {0};
  __enzyme_autodiff((void *)table_sum, enzyme_dup, XT, dx, enzyme_const, N, enzyme_const, OPS, enzyme_const, 3);
  ck_gradient("function pointers in a struct table", dx, FT, XT, N);

  GF2 gf = __enzyme_autodiff_gf2((void *)libm_f, enzyme_out, (float)PF[0], enzyme_out, (float)PF[1]);
  CHECK_F32("float libm: d/da", gf.da, ck_fd_partial(FF, PF, 0));
  CHECK_F32("float libm: d/db", gf.db, ck_fd_partial(FF, PF, 1));
  return ck_done();
}
