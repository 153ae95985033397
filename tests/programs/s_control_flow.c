// TEST: split mode through control flow the tape must replay: a Newton iteration with an early exit on convergence, a switch inside a loop of data-dependent length, a recursive helper, and calls through a function pointer chosen at run time, each as the function handed to __enzyme_augmentfwd
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

/* Cube root of a by Newton with an early exit. */
static double cbrt_newton(double a) {
  double x = 1.0 + a / 3.0;
  for (int i = 0; i < 60; i++) {
    double nx = x - (x * x * x - a) / (3.0 * x * x);
    if (fabs(nx - x) < 1e-15) return nx;
    x = nx;
  }
  return x;
}

static double machine(double x) {
  double s = x;
  int state = 0;
  for (int i = 0; s < 40.0 && i < 50; i++) {
    switch (state) {
    case 0: s = s * 1.5 + sin(s); state = 1; break;
    case 1: s = s + x * x; state = (i % 3 == 0) ? 2 : 0; break;
    default: s = sqrt(s * s + 1.0) * 1.2; state = 0; break;
    }
  }
  return s;
}

__attribute__((noinline)) static double power_rec(double x, int n) {
  if (n == 0) return 1.0;
  double h = power_rec(x, n / 2);
  return (n % 2) ? h * h * x : h * h;
}
static double rec7(double x) { return power_rec(x, 7) + power_rec(x, 4); }

typedef double (*unary)(double);
__attribute__((noinline)) static double sq(double x) { return x * x; }
__attribute__((noinline)) static double wave(double x) { return sin(3.0 * x); }
static unary TABLE[2] = {sq, wave};
static double through_table(double x, int k) { return TABLE[k](x) * TABLE[1 - k](x + 0.5); }
static int KSEL = 1;
static double through_1(double x) { return through_table(x, KSEL); }

/* A named function at each marker call, so that it resolves at every -O level. */
#define GRAD(f, x, out)                                          \
  do {                                                           \
    ck_aug a_ = __enzyme_augmentfwd((void *)f, (x));             \
    (out) = __enzyme_reverse((void *)f, (x), 1.0, a_.tape);      \
  } while (0)

int main(void) {
  double pts[3] = {0.7, 2.5, 9.0};
  for (int i = 0; i < 3; i++) {
    double d;
    GRAD(cbrt_newton, pts[i], d);
    CHECK("cbrt by Newton, early exit", d, ck_fd1(cbrt_newton, pts[i]));
    GRAD(machine, pts[i] / 3.0, d);
    CHECK("state machine", d, ck_fd1(machine, pts[i] / 3.0));
    GRAD(rec7, pts[i] / 5.0, d);
    CHECK("recursion", d, ck_fd1(rec7, pts[i] / 5.0));
  }
  for (KSEL = 0; KSEL < 2; KSEL++) {
    ck_aug a = __enzyme_augmentfwd((void *)through_table, 0.4, enzyme_const, KSEL);
    double d = __enzyme_reverse((void *)through_table, 0.4, enzyme_const, KSEL, 1.0, a.tape);
    CHECK("through a function-pointer table", d, ck_fd1(through_1, 0.4));
  }
  return ck_done();
}
