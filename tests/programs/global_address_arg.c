// TEST: a global's address passed to a differentiated callee carries the global's shadow (set(&g, x) stores an active value through it; the caller reads g back; get(&g) only reads through it, which gave a zero tangent before), also as one of two pointer arguments and through a table of global addresses
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

double g, h[3];
double *const slots[2] = {&h[0], &h[2]};

__attribute__((noinline)) void set(double *p, double x) { *p = x * x; }
__attribute__((noinline)) double get(const double *p) { return *p; }
__attribute__((noinline)) void axpy(double *y, const double *x, double a) { *y += a * *x; }

static double f(double x) {
  h[0] = 1.0;
  set(&g, x);
  h[1] = sin(x);
  axpy(&h[0], &h[1], x);
  set(slots[1], g + x);
  return g * 3.0 + h[0] * h[2] + get(&g) * x;
}

int main(void) {
  const double xs[] = {0.5, -1.25, 2.0};
  for (int i = 0; i < 3; i++) {
    char name[64];
    snprintf(name, sizeof name, "d f at %g through &g passed to callees", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs[i], 1.0), ck_fd1(f, xs[i]));
  }
  return ck_done();
}
