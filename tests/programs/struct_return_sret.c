// TEST: differentiating a function returning a 4-double struct (sret in the ABI); tangent struct via sret
#include "include/catalase_check.h"

typedef struct { double px, py, vx, vy; } state;
state __enzyme_fwddiff(void *, ...);

/* Projectile with drag after time t, from launch speed v and angle a. */
static state f(double v, double a, double t) {
  double k = 0.1;
  double e = exp(-k * t);
  state s;
  s.vx = v * cos(a) * e;
  s.vy = (v * sin(a) + 9.81 / k) * e - 9.81 / k;
  s.px = v * cos(a) * (1.0 - e) / k;
  s.py = (v * sin(a) + 9.81 / k) * (1.0 - e) / k - 9.81 * t / k;
  return s;
}

static double P[3] = {12.0, 0.7, 1.3};
static int VAR, FIELD;
static double along(double t) {
  double p[3] = {P[0], P[1], P[2]};
  p[VAR] += t;
  state s = f(p[0], p[1], p[2]);
  double fs[4] = {s.px, s.py, s.vx, s.vy};
  return fs[FIELD];
}

int main(void) {
  const char *vars[3] = {"v", "angle", "t"}, *fields[4] = {"px", "py", "vx", "vy"};
  for (VAR = 0; VAR < 3; VAR++) {
    state d = __enzyme_fwddiff((void *)f, P[0], VAR == 0 ? 1.0 : 0.0, P[1], VAR == 1 ? 1.0 : 0.0,
                               P[2], VAR == 2 ? 1.0 : 0.0);
    double ds[4] = {d.px, d.py, d.vx, d.vy};
    for (FIELD = 0; FIELD < 4; FIELD++) {
      char name[48];
      snprintf(name, sizeof name, "d %s/d %s", fields[FIELD], vars[VAR]);
      CHECK(name, ds[FIELD], ck_fd1(along, 0.0));
    }
  }
  return ck_done();
}
