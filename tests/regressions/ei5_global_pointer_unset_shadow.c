// TEST: (open: now a run-time diagnostic at every level, the loaded-shadow check of crates/ad/src/stale.rs naming the load and suggesting __enzyme_inactive_global; formerly a crash) a mutable global pointer that main sets to a malloc'd table before differentiating a function that reads through it: the derivative loads the pointer's shadow from the global's zero shadow (nothing sets it) and accumulates through it; at -O0/-O1 the program faults, at -O2/-O3 the optimizer treats the null access as undefined behaviour and main prints nothing. Registering `coeffs` with __enzyme_inactive_global works (ei5_global_state.c). A compile-time refusal keyed on "no generated code writes the shadow" over-refused f_width3_mixed_kernels.c (its accesses are guarded), so it was withdrawn.
// KNOWN-BUG: a derivative stopped at run time
#include "../programs/include/ck_array.h"
double __enzyme_autodiff(void *, ...);
double *coeffs;
int ncoef;
__attribute__((noinline)) double f(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += coeffs[i % ncoef] * x[i] * x[i];
  return s;
}
static double o(double *x) { return f(x, 6); }
int main(void) {
  ncoef = 3;
  coeffs = malloc(3 * sizeof(double));
  for (int i = 0; i < 3; i++) coeffs[i] = 1.0 + i;
  double x[6] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, d[6] = {0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, d, enzyme_const, 6);
  ck_gradient("global pointer to data", d, o, x, 6);
  return ck_done();
}
