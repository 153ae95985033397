// TEST: reverse mode through iterated maps and a simulation that stops on an event: the logistic map iterated n times (gradient in r and x0), and a projectile with quadratic drag stepped until it hits the ground (while loop of unknown length) with the landing point interpolated, gradient of the range in speed, angle and drag
#include "include/ck_array.h"

typedef struct { double dr, dx0; } G2;
typedef struct { double dv, dangle, dk; } G3;
G2 __enzyme_autodiff_g2(void *, ...);
G3 __enzyme_autodiff_g3(void *, ...);

static double logistic(double r, double x0, int n) {
  double x = x0;
  for (int i = 0; i < n; i++) x = r * x * (1.0 - x);
  return x;
}

static double range(double v0, double angle, double k) {
  double x = 0.0, y = 0.0, vx = v0 * cos(angle), vy = v0 * sin(angle), h = 1e-3;
  double px = x, py = y;
  while (y >= 0.0) {
    px = x, py = y;
    double v = sqrt(vx * vx + vy * vy);
    vx -= h * k * v * vx;
    vy -= h * (9.81 + k * v * vy);
    x += h * vx;
    y += h * vy;
  }
  return px + (x - px) * py / (py - y);
}

static double F_log(double *p) { return logistic(p[0], p[1], 25); }
static double F_range(double *p) { return range(p[0], p[1], p[2]); }

int main(void) {
  double p[2] = {2.7, 0.2};
  G2 g = __enzyme_autodiff_g2((void *)logistic, p[0], p[1], enzyme_const, 25);
  double gl[2] = {g.dr, g.dx0};
  ck_gradient("logistic map, 25 iterations", gl, F_log, p, 2);
  double q[3] = {22.0, 0.7, 0.02};
  G3 h = __enzyme_autodiff_g3((void *)range, q[0], q[1], q[2]);
  double gr[3] = {h.dv, h.dangle, h.dk};
  ck_gradient("projectile range with drag", gr, F_range, q, 3);
  return ck_done();
}
