// TEST: fuzz seed 127 (reduced by hand): hypot(a, a) of a value that is exactly 0 with a zero tangent gave NaN tangents (0·NaN); the partials at (0, 0) are now 0
#include "../programs/include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

/* out[0] is 0 and carries no derivative; hypot(out[0], out[0]) must not poison the result. */
static void f(double *x, double *out) {
  double h = hypot(out[0], out[0]);
  out[1] = x[0] * x[0] + 0.5 * h + tanh(h * x[1]);
}

static double g(double x0) {
  double x[2] = {x0, 0.3}, out[2] = {0.0, 0.0};
  f(x, out);
  return out[1];
}

int main(void) {
  double x[2] = {0.7, 0.3}, dx[2] = {1.0, 0.0};
  double out[2] = {0.0, 0.0}, dout[2] = {0.0, 0.0};
  __enzyme_fwddiff((void *)f, x, dx, out, dout);
  CHECK("d out[1] / d x0 with hypot(0, 0) inside", dout[1], ck_fd1(g, 0.7));
  return ck_done();
}
