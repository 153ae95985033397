// TEST: reverse mode (__enzyme_autodiff) on scalar functions: arithmetic, libm, branches, a loop of data-dependent length with a break, enzyme_const ints, two gradients in a struct, enzyme_primal_return
#include "include/catalase_check.h"

typedef struct { double dx, dy; } G2;
typedef struct { double primal, dx; } P1;
extern int enzyme_out;
double __enzyme_autodiff(void *, ...);
G2 __enzyme_autodiff_g2(void *, ...);
P1 __enzyme_autodiff_p1(void *, ...);

static double poly(double x) { return x * x * x - 2.0 * x / (1.0 + x * x); }
static double mixed(double x, double y) { return sin(x * y) + exp(0.3 * x) * log(y) + sqrt(x * x + y * y); }
static double piecewise(double x) {
  if (x < 0.0) return -x * x;
  if (x < 1.0) return x * cos(x);
  return tanh(x) + x;
}
static double iterate(double x, int n) {
  double s = x;
  for (int i = 0; i < n; i++) {
    s = s * x + 0.5;
    if (s > 50.0) break;
  }
  return s;
}
static double newton_sqrt(double a) {
  double x = a;
  while (fabs(x * x - a) > 1e-13 * a) x = 0.5 * (x + a / x);
  return x;
}

static double Y = 0.7;
static int NN = 6;
static double mixed_x(double x) { return mixed(x, Y); }
static double iterate_x(double x) { return iterate(x, NN); }

int main(void) {
  double x = 0.8;
  CHECK("poly: df/dx", __enzyme_autodiff((void *)poly, x), ck_fd1(poly, x));
  CHECK("poly (explicit enzyme_out): df/dx", __enzyme_autodiff((void *)poly, enzyme_out, x), ck_fd1(poly, x));
  G2 g = __enzyme_autodiff_g2((void *)mixed, x, Y);
  CHECK("mixed: df/dx", g.dx, ck_fd1(mixed_x, x));
  double y0 = Y;
  Y = y0 + ck_step(y0);
  double fp = mixed(x, Y);
  Y = y0 - ck_step(y0);
  double fm = mixed(x, Y);
  Y = y0;
  CHECK("mixed: df/dy", g.dy, (fp - fm) / (2.0 * ck_step(y0)));
  double pts[3] = {-0.6, 0.4, 1.9};
  for (int i = 0; i < 3; i++) CHECK("piecewise: df/dx", __enzyme_autodiff((void *)piecewise, pts[i]), ck_fd1(piecewise, pts[i]));
  CHECK("loop with break (n=6): df/dx", __enzyme_autodiff((void *)iterate, 1.1, enzyme_const, NN), ck_fd1(iterate_x, 1.1));
  NN = 40;
  CHECK("loop with break (n=40): df/dx", __enzyme_autodiff((void *)iterate, 1.3, enzyme_const, NN), ck_fd1(iterate_x, 1.3));
  CHECK("while loop (Newton sqrt): df/da", __enzyme_autodiff((void *)newton_sqrt, 2.5), 0.5 / sqrt(2.5));
  P1 p = __enzyme_autodiff_p1((void *)poly, enzyme_primal_return, x);
  CHECK_PRIMAL("primal return: f", p.primal, poly(x));
  CHECK("primal return: df/dx", p.dx, ck_fd1(poly, x));
  return ck_done();
}
