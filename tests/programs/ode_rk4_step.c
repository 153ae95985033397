// TEST: RK4 integration of a damped pendulum: tangent of the final state w.r.t. initial state and damping
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);

static void rhs(const double *y, double c, double *dy) {
  dy[0] = y[1];
  dy[1] = -c * y[1] - 9.81 * sin(y[0]);
}

static void rk4_step(double *y, double c, double h) {
  double k1[2], k2[2], k3[2], k4[2], t[2];
  rhs(y, c, k1);
  for (int i = 0; i < 2; i++) t[i] = y[i] + 0.5 * h * k1[i];
  rhs(t, c, k2);
  for (int i = 0; i < 2; i++) t[i] = y[i] + 0.5 * h * k2[i];
  rhs(t, c, k3);
  for (int i = 0; i < 2; i++) t[i] = y[i] + h * k3[i];
  rhs(t, c, k4);
  for (int i = 0; i < 2; i++) y[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
}

/* Integrate in place over `steps` steps. */
static void integrate(double *y, double c, int steps) {
  for (int s = 0; s < steps; s++) rk4_step(y, c, 0.01);
}

static double Y0[2] = {0.8, -0.2}, C = 0.35;
static double VY[2], VC;
static int OUT;
static double along(double t) {
  double y[2] = {Y0[0] + t * VY[0], Y0[1] + t * VY[1]};
  integrate(y, C + t * VC, 150);
  return y[OUT];
}

int main(void) {
  const double dirs[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  const char *names[3] = {"theta0", "omega0", "damping"};
  for (int d = 0; d < 3; d++) {
    double y[2] = {Y0[0], Y0[1]};
    double dy[2] = {dirs[d][0], dirs[d][1]};
    VY[0] = dirs[d][0];
    VY[1] = dirs[d][1];
    VC = dirs[d][2];
    __enzyme_fwddiff((void *)integrate, y, dy, C, VC, enzyme_const, 150);
    for (OUT = 0; OUT < 2; OUT++) {
      char name[48];
      snprintf(name, sizeof name, "d %s(T)/d %s", OUT ? "omega" : "theta", names[d]);
      CHECK(name, dy[OUT], ck_fd1(along, 0.0));
    }
  }
  return ck_done();
}
