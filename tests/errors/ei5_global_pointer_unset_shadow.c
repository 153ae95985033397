// EXPECT-ERROR: the derivative reaches memory through the pointer held by global `coeffs`, whose shadow pointer nothing sets
// EXPECT-ALSO: __enzyme_inactive_global
// A mutable global pointer that main sets to a malloc'd table before differentiating a function
// that reads through it: its shadow pointer stays null, and the derivative's accesses through it
// faulted at run time (-O0/-O1) or let the optimizer treat main as undefined behaviour (-O2/-O3:
// no output). Registering `coeffs` with __enzyme_inactive_global makes it work
// (tests/programs/ei5_global_state.c).
#include <stdio.h>
#include <stdlib.h>
extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);
double *coeffs;
int ncoef;
__attribute__((noinline)) double f(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += coeffs[i % ncoef] * x[i] * x[i];
  return s;
}
int main(void) {
  ncoef = 3;
  coeffs = malloc(3 * sizeof(double));
  for (int i = 0; i < 3; i++) coeffs[i] = 1.0 + i;
  double x[6] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, d[6] = {0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, d, enzyme_const, 6);
  printf("%g\n", d[0]);
  return 0;
}
