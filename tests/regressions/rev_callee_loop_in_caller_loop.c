// TEST: reverse mode, a callee with a loop called from a loop, at -O0 (found by tests/programs/r_ode_helpers.c, reduced by hand): the generated code crashed in the reverse part of rhs (a double popped where a pointer was pushed)
#include "../programs/include/ck_array.h"

void __enzyme_autodiff(void *, ...);

static void rhs(const double *u, double *du) {
  du[0] = u[0] * u[1];
  du[1] = -u[0];
}
static void step(double *u, double h) {
  double du[2];
  rhs(u, du);
  for (int i = 0; i < 2; i++) u[i] += h * du[i];
}
static void integrate(double *u, int n) {
  for (int s = 0; s < n; s++) step(u, 0.01);
}

static const double W[2] = {1.0, -0.5};
static double F(double *x) {
  double u[2] = {x[0], x[1]};
  integrate(u, 3);
  return ck_dot(W, u, 2);
}

int main(void) {
  double x[2] = {1.2, 0.8}, u[2] = {1.2, 0.8}, du[2] = {W[0], W[1]};
  __enzyme_autodiff((void *)integrate, enzyme_dup, u, du, enzyme_const, 3);
  ck_gradient("callee loop inside a caller loop", du, F, x, 2);
  return ck_done();
}
