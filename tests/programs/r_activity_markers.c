// TEST: reverse mode's activity markers on one kernel: no markers at all (doubles out, pointers dup by default), enzyme_dupnoneed on an output array, enzyme_const on an array and a double, and enzyme_primal_return with gradients in a struct
#include "include/ck_array.h"

typedef struct { double dx, dy; } G2;
typedef struct { double primal, dx, dy; } P2;
G2 __enzyme_autodiff_g2(void *, ...);
P2 __enzyme_autodiff_p2(void *, ...);
double __enzyme_autodiff(void *, ...);

#define N 4

static double kernel(const double *w, double x, double y, double *out) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    out[i] = w[i] * sin(x * (i + 1)) + y * y;
    s += out[i] * w[i];
  }
  return s * x;
}

static double W0[N] = {0.5, -0.3, 0.8, 0.2}, X = 0.7, Y = -0.4;
static double F_w(double *w) { double o[N]; return kernel(w, X, Y, o); }
static double F_xy(double *p) { double o[N]; return kernel(W0, p[0], p[1], o); }

int main(void) {
  double dw[N] = {0}, out[N], dout[N] = {0}, xy[2] = {X, Y};
  G2 g = __enzyme_autodiff_g2((void *)kernel, W0, dw, X, Y, out, dout);
  double gxy[2] = {g.dx, g.dy};
  ck_gradient("default activities: d/dw", dw, F_w, W0, N);
  ck_gradient("default activities: d/d(x, y)", gxy, F_xy, xy, 2);
  memset(dw, 0, sizeof dw);
  double scratch[N], dscratch[N] = {0};
  g = __enzyme_autodiff_g2((void *)kernel, enzyme_dup, W0, dw, enzyme_out, X, enzyme_out, Y, enzyme_dupnoneed, scratch, dscratch);
  ck_gradient("enzyme_dupnoneed output: d/dw", dw, F_w, W0, N);
  double dx = __enzyme_autodiff((void *)kernel, enzyme_const, W0, X, enzyme_const, Y, enzyme_dup, out, dout);
  CHECK("enzyme_const array and double: d/dx", dx, ck_fd_partial(F_xy, xy, 0));
  P2 p = __enzyme_autodiff_p2((void *)kernel, enzyme_primal_return, enzyme_const, W0, X, Y, enzyme_dup, out, dout);
  double gp[2] = {p.dx, p.dy};
  CHECK_PRIMAL("enzyme_primal_return: primal", p.primal, F_xy(xy));
  ck_gradient("enzyme_primal_return: d/d(x, y)", gp, F_xy, xy, 2);
  return ck_done();
}
