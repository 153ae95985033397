// TEST: reverse mode through RK4 on a damped, driven oscillator (two state scalars) over 400 steps: four enzyme_out gradients (x0, v0, omega, damping) returned through an sret struct, plus enzyme_primal_return
#include "include/ck_array.h"

typedef struct { double d[4]; } G4;
typedef struct { double primal, d[4]; } P4;
G4 __enzyme_autodiff_g4(void *, ...);
P4 __enzyme_autodiff_p4(void *, ...);

static double energy_after(double x0, double v0, double omega, double zeta) {
  double x = x0, v = v0, h = 0.01, t = 0.0;
  for (int s = 0; s < 400; s++) {
#define ACC(tt, xx, vv) (-omega * omega * (xx) - 2.0 * zeta * omega * (vv) + 0.3 * cos(1.7 * (tt)))
    double k1x = v, k1v = ACC(t, x, v);
    double k2x = v + 0.5 * h * k1v, k2v = ACC(t + 0.5 * h, x + 0.5 * h * k1x, v + 0.5 * h * k1v);
    double k3x = v + 0.5 * h * k2v, k3v = ACC(t + 0.5 * h, x + 0.5 * h * k2x, v + 0.5 * h * k2v);
    double k4x = v + h * k3v, k4v = ACC(t + h, x + h * k3x, v + h * k3v);
#undef ACC
    x += h / 6.0 * (k1x + 2.0 * k2x + 2.0 * k3x + k4x);
    v += h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v);
    t += h;
  }
  return 0.5 * v * v + 0.5 * omega * omega * x * x;
}

static double F(double *p) { return energy_after(p[0], p[1], p[2], p[3]); }

int main(void) {
  double p[4] = {1.0, -0.4, 2.2, 0.15};
  G4 g = __enzyme_autodiff_g4((void *)energy_after, p[0], p[1], p[2], p[3]);
  ck_gradient("oscillator energy", g.d, F, p, 4);
  P4 q = __enzyme_autodiff_p4((void *)energy_after, enzyme_primal_return, p[0], p[1], p[2], p[3]);
  CHECK_PRIMAL("oscillator energy: primal", q.primal, F(p));
  ck_gradient("oscillator energy (with primal)", q.d, F, p, 4);
  return ck_done();
}
