// TEST: reverse mode through a switch inside a loop (a small state machine driven by integer input and by comparisons of the active value), with fallthrough cases
#include "include/catalase_check.h"

double __enzyme_autodiff(void *, ...);

static const int PROGRAM[10] = {0, 2, 1, 3, 3, 0, 4, 2, 1, 5};

static double machine(double x, const int *ops, int n) {
  double r = x;
  for (int i = 0; i < n; i++) {
    switch (ops[i]) {
    case 0: r = r * x + 1.0; break;
    case 1: r = sqrt(r * r + x);
            /* fallthrough */
    case 2: r = r - 0.25 * x; break;
    case 3: r = r > 2.0 ? log(r) : r * r; break;
    case 4: r = exp(-r) + x; break;
    default: r = r / (1.0 + x * x);
    }
  }
  return r;
}

static int LEN = 10;
static double machine_x(double x) { return machine(x, PROGRAM, LEN); }

int main(void) {
  double xs[4] = {0.45, 1.1, 1.6, 2.3};
  for (LEN = 4; LEN <= 10; LEN += 6)
    for (int i = 0; i < 4; i++)
      CHECK("state machine: d/dx", __enzyme_autodiff((void *)machine, xs[i], enzyme_const, PROGRAM, enzyme_const, LEN), ck_fd1(machine_x, xs[i]));
  return ck_done();
}
