// TEST: enzyme_runtime_activity with a shadow struct whose pointer field is the primal's (Enzyme's runtime activity treats that memory as inactive): the reverse sweep still accumulates adjoints into the field's memory, which is the caller's primal data
// Fixed: under runtime activity the derivative is asked for with `standins`, so pointers it loads from its arguments' memory are guarded like a pointer passed as its own shadow (s6_runtime_activity).
#include "../programs/include/ck_array.h"

extern int enzyme_runtime_activity;
double __enzyme_autodiff(void *, ...);

#define N 3
struct model { double *coef; double *bias; };

__attribute__((noinline)) static double eval(double *row, struct model *m) {
  double t = 0.0;
  for (int k = 0; k < N; k++) t += m->coef[k] * row[k] * row[k] * m->bias[k];
  return t * t;
}

static const double ROW[N] = {0.5, -0.3, 0.8}, CF[N] = {0.9, -0.4, 0.6}, B[N] = {1.0, 0.5, -0.7};
static double F_row(double *row) {
  double cf[N], b[N];
  memcpy(cf, CF, sizeof cf), memcpy(b, B, sizeof b);
  struct model m = {cf, b};
  return eval(row, &m);
}

int main(void) {
  double row[N], drow[N] = {0}, cf[N], dcf[N] = {0}, bias[N];
  memcpy(row, ROW, sizeof row), memcpy(cf, CF, sizeof cf), memcpy(bias, B, sizeof bias);
  struct model m = {cf, bias}, dm = {dcf, bias};
  __enzyme_autodiff((void *)eval, enzyme_runtime_activity, enzyme_dup, row, drow, enzyme_dup, &m, &dm);
  double rr[N];
  memcpy(rr, ROW, sizeof rr);
  ck_gradient("struct field stand-in", drow, F_row, rr, N);
  CHECK_PRIMAL("struct field stand-in: bias unchanged", memcmp(bias, B, sizeof bias) == 0, 1);
  return ck_done();
}
