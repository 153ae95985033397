// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: stores parsed values through a pointer to memory that may hold derivatives
// EXPECT-ALSO: help: let `
// Reverse and forward mode through sscanf storing a parsed number straight into the active
// array: the number's derivative is zero, so the slot's shadow would have to be cleared; Catalase
// refuses rather than leave the stale derivative (parsing into a local and assigning it works:
// tests/programs/enz8_sscanf_params.c).
#include <stdio.h>
#include <math.h>

extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);

__attribute__((noinline)) static double f(double *x, const char *s) {
  double t = x[0] * x[1];
  sscanf(s, "%lf", &x[0]);
  return t + sin(x[0]) * x[1];
}

int main(void) {
  double x[2] = {0.5, 1.5}, dx[2] = {0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, "0.25");
  printf("%g %g\n", dx[0], dx[1]);
  return 0;
}
