// TEST: reverse mode with mutable static globals: a static scratch buffer written and read inside the differentiated function (its shadow is a shadow global), a global parameter read but never written (inactive), and a call counter incremented as a side effect of the primal
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);

#define N 6
static double scratch[N];
static double gain = 1.7;
static int calls;

static double through_scratch(const double *x, int n) {
  calls++;
  for (int i = 0; i < n; i++) scratch[i] = gain * x[i] * x[i];
  double s = 0.0;
  for (int i = 0; i < n; i++) s += scratch[i] * scratch[(i + 1) % n];
  return sqrt(s);
}

static double F(double *x) { return through_scratch(x, N); }

int main(void) {
  double x[N] = {0.4, -0.7, 1.1, 0.3, -0.2, 0.9}, dx[N] = {0};
  __enzyme_autodiff((void *)through_scratch, enzyme_dup, x, dx, enzyme_const, N);
  CHECK_PRIMAL("the primal's side effect ran once", (double)calls, 1.0);
  ck_gradient("static scratch buffer", dx, F, x, N);
  return ck_done();
}
