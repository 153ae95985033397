// TEST: long time-stepping: RK4 over 1000 steps (Lotka-Volterra) and adaptive-count Euler (step count depends on the data)
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...); /* same marker, double result */

typedef struct { double a, b, c, d; } params;

static void lv(const double *y, const params *p, double *f) {
  f[0] = p->a * y[0] - p->b * y[0] * y[1];
  f[1] = p->d * y[0] * y[1] - p->c * y[1];
}

static void rk4(double *y, const params *p, double h, int steps) {
  double k1[2], k2[2], k3[2], k4[2], t[2];
  for (int s = 0; s < steps; s++) {
    lv(y, p, k1);
    for (int i = 0; i < 2; i++) t[i] = y[i] + 0.5 * h * k1[i];
    lv(t, p, k2);
    for (int i = 0; i < 2; i++) t[i] = y[i] + 0.5 * h * k2[i];
    lv(t, p, k3);
    for (int i = 0; i < 2; i++) t[i] = y[i] + h * k3[i];
    lv(t, p, k4);
    for (int i = 0; i < 2; i++) y[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
  }
}

/* Euler on y' = -k y + sin(t) until t >= tend; the number of steps comes from tend/h (inactive). */
static double euler(double y, double k, double tend) {
  double t = 0.0, h = 0.01;
  while (t < tend) {
    y += h * (-k * y + sin(t));
    t += h;
  }
  return y;
}

static double Y0[2] = {1.2, 0.8};
static params P0 = {1.1, 0.4, 0.9, 0.3};
static double VY[2], VP[4];
static int OUT;
static double along(double t) {
  double y[2] = {Y0[0] + t * VY[0], Y0[1] + t * VY[1]};
  params p = {P0.a + t * VP[0], P0.b + t * VP[1], P0.c + t * VP[2], P0.d + t * VP[3]};
  rk4(y, &p, 0.005, 1000);
  return y[OUT];
}
static double along_e(double t) { return euler(0.7 + t * 0.5, 0.9 - t * 0.3, 2.345); }

int main(void) {
  char name[48];
  for (int d = 0; d < 3; d++) {
    VY[0] = d == 0 ? 1.0 : 0.2;
    VY[1] = d == 1 ? 1.0 : -0.1;
    for (int i = 0; i < 4; i++) VP[i] = d == 2 ? 0.1 * (i + 1) : 0.0;
    double y[2] = {Y0[0], Y0[1]}, dy[2] = {VY[0], VY[1]};
    params dp = {VP[0], VP[1], VP[2], VP[3]};
    __enzyme_fwddiff((void *)rk4, y, dy, &P0, &dp, enzyme_const, 0.005, enzyme_const, 1000);
    for (OUT = 0; OUT < 2; OUT++) {
      snprintf(name, sizeof name, "rk4 dir%d: d y[%d](T)", d, OUT);
      CHECK(name, dy[OUT], ck_fd1(along, 0.0));
    }
  }
  CHECK("euler: d y(T)", __enzyme_fwddiff_d((void *)euler, 0.7, 0.5, 0.9, -0.3, enzyme_const, 2.345),
        ck_fd1(along_e, 0.0));
  return ck_done();
}
