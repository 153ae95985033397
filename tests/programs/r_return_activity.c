// TEST: reverse mode's return-activity markers: enzyme_const_return (the returned value is not differentiated: gradients come from the output seeds only, also with enzyme_primal_return, and for a returned struct holding a long, which has no seed otherwise), enzyme_active_return (the return seeded with 1.0 as by default, double and float), each checked against finite differences of the matching objective
#include "include/ck_array.h"

extern int enzyme_const_return, enzyme_active_return;

typedef struct { double dx, dy; } G2;
typedef struct { double primal, dx, dy; } P2;
typedef struct { double value; long count; } VC;
G2 __enzyme_autodiff_g2(void *, ...);
P2 __enzyme_autodiff_p2(void *, ...);
float __enzyme_autodiff_f(void *, ...);
void __enzyme_autodiff(void *, ...);

static double kernel(double x, double y, double *out) {
  out[0] = sin(x) * y;
  out[1] = x * x + y;
  return exp(x * y) + out[0] * out[1];
}

static VC value_and_count(const double *x, double *out, int n) {
  VC r = {0.0, 0};
  for (int i = 0; i < n; i++) {
    out[i] = x[i] * x[i] * (i + 1);
    r.value += out[i];
    r.count += out[i] > 0.5;
  }
  return r;
}

static float fkernel(float x) { return sinf(x) * x + 2.0f * x * x; }
static double fkernel_twin(double *x) { return sin(x[0]) * x[0] + 2.0 * x[0] * x[0]; }

static const double SEED[2] = {0.7, -1.3};
/* <seed, out(x, y)>, and the return plus it. */
static double F_out(double *p) { double o[2]; kernel(p[0], p[1], o); return SEED[0] * o[0] + SEED[1] * o[1]; }
static double F_all(double *p) { double o[2]; double r = kernel(p[0], p[1], o); return r + SEED[0] * o[0] + SEED[1] * o[1]; }

#define N 4
static double X4[N] = {0.3, -0.8, 1.1, 0.6};
static const double SEED4[N] = {0.5, 1.5, -0.25, 2.0};
static double F_vc(double *x) {
  double o[N], s = 0.0;
  value_and_count(x, o, N);
  for (int i = 0; i < N; i++) s += SEED4[i] * o[i];
  return s;
}

int main(void) {
  double xy[2] = {0.6, -0.9}, out[2], dout[2];

  memcpy(dout, SEED, sizeof dout);
  G2 g = __enzyme_autodiff_g2((void *)kernel, enzyme_const_return, xy[0], xy[1], enzyme_dup, out, dout);
  double gc[2] = {g.dx, g.dy};
  ck_gradient("enzyme_const_return: d<seed, out>/d(x, y)", gc, F_out, xy, 2);

  memcpy(dout, SEED, sizeof dout);
  g = __enzyme_autodiff_g2((void *)kernel, enzyme_active_return, xy[0], xy[1], enzyme_dup, out, dout);
  double ga[2] = {g.dx, g.dy};
  ck_gradient("enzyme_active_return: d(return + <seed, out>)/d(x, y)", ga, F_all, xy, 2);

  memcpy(dout, SEED, sizeof dout);
  P2 p = __enzyme_autodiff_p2((void *)kernel, enzyme_primal_return, enzyme_const_return, enzyme_out, xy[0], enzyme_out, xy[1], enzyme_dup, out, dout);
  double gp[2] = {p.dx, p.dy}, o2[2];
  CHECK_PRIMAL("enzyme_const_return with enzyme_primal_return: primal", p.primal, kernel(xy[0], xy[1], o2));
  ck_gradient("enzyme_const_return with enzyme_primal_return: d<seed, out>/d(x, y)", gp, F_out, xy, 2);

  double o4[N], do4[N], dx4[N] = {0};
  memcpy(do4, SEED4, sizeof do4);
  __enzyme_autodiff((void *)value_and_count, enzyme_const_return, enzyme_dup, X4, dx4, enzyme_dup, o4, do4, enzyme_const, N);
  ck_gradient("enzyme_const_return of a struct holding a long: d<seed, out>/dx", dx4, F_vc, X4, N);

  float fx = 0.8f;
  double fx_d = fx;
  float df = __enzyme_autodiff_f((void *)fkernel, enzyme_active_return, fx);
  CHECK_F32("enzyme_active_return on a float: d/dx", df, ck_fd_partial(fkernel_twin, &fx_d, 0));
  return ck_done();
}
