// TEST: reverse mode through ODE integrators on scalar state kept in registers: explicit Euler and classical RK4 for y' = -k y + sin(t) y^2 / (1 + y^2) over many steps, gradient in the initial value, the rate and the step
#include "include/ck_array.h"

typedef struct { double dy0, dk; } G2;
G2 __enzyme_autodiff_g2(void *, ...);
double __enzyme_autodiff(void *, ...);

static double euler(double y0, double k, int steps) {
  double y = y0, t = 0.0, h = 2.0 / steps;
  for (int s = 0; s < steps; s++) {
    y += h * (-k * y + sin(t) * y * y / (1.0 + y * y));
    t += h;
  }
  return y;
}

static double rk4(double y0, double k, int steps) {
  double y = y0, t = 0.0, h = 2.0 / steps;
  for (int s = 0; s < steps; s++) {
#define RHS(tt, yy) (-k * (yy) + sin(tt) * (yy) * (yy) / (1.0 + (yy) * (yy)))
    double k1 = RHS(t, y);
    double k2 = RHS(t + 0.5 * h, y + 0.5 * h * k1);
    double k3 = RHS(t + 0.5 * h, y + 0.5 * h * k2);
    double k4 = RHS(t + h, y + h * k3);
#undef RHS
    y += h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
    t += h;
  }
  return y;
}

static int STEPS = 500;
static double F_euler(double *v) { return euler(v[0], v[1], STEPS); }
static double F_rk4(double *v) { return rk4(v[0], v[1], STEPS); }

int main(void) {
  double p[2] = {1.3, 0.7};
  G2 g = __enzyme_autodiff_g2((void *)euler, p[0], p[1], enzyme_const, STEPS);
  double ge[2] = {g.dy0, g.dk};
  ck_gradient("Euler, 500 steps", ge, F_euler, p, 2);
  for (STEPS = 7; STEPS <= 700; STEPS *= 10) {
    g = __enzyme_autodiff_g2((void *)rk4, p[0], p[1], enzyme_const, STEPS);
    double gr[2] = {g.dy0, g.dk};
    ck_gradient("RK4", gr, F_rk4, p, 2);
  }
  return ck_done();
}
