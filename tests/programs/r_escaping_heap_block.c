// TEST: reverse mode with a heap block that escapes the gradient call: the function mallocs a buffer, fills it from its inputs, reads it back, and stores its address into the caller's memory (*out, passed with enzyme_dup); the gradient is checked against finite differences, and afterwards the shadow pointer the caller received is a live block of its own (zero after the reverse sweep consumed its adjoints) that the caller frees, as with Enzyme, next to the primal block (a use after free or a double free fails, under AddressSanitizer in the memory leg)
#include "include/ck_array.h"
#include <stdlib.h>

void __enzyme_autodiff(void *, ...);

#define N 5

static double build(const double *x, double **out, int n) {
  double *p = malloc(n * sizeof *p);
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    p[i] = x[i] * x[i] + 1.0;
    s += p[i] * (i + 1);
  }
  *out = p;
  return s + p[0] * p[n - 1];
}

static double X0[N];
static double F(double *x) {
  double *p;
  double r = build(x, &p, N);
  free(p);
  return r;
}

int main(void) {
  for (int i = 0; i < N; i++) X0[i] = 0.6 * cos(1.1 * i) + 0.2;
  double dx[N] = {0}, *p = NULL, *dp = NULL;
  __enzyme_autodiff((void *)build, enzyme_dup, X0, dx, enzyme_dup, &p, &dp, enzyme_const, N);
  ck_gradient("escaping heap block: d/dx", dx, F, X0, N);
  CHECK("the primal block was handed to the caller", p != NULL, 1.0);
  CHECK("its shadow block was handed to the caller, apart from it", dp != NULL && dp != p, 1.0);
  for (int i = 0; i < N; i++) {
    char what[80];
    snprintf(what, sizeof what, "primal block entry %d", i);
    CHECK_PRIMAL(what, p[i], X0[i] * X0[i] + 1.0);
    snprintf(what, sizeof what, "shadow block entry %d (adjoints consumed)", i);
    CHECK(what, dp[i], 0.0);
  }
  free(p);
  free(dp);
  return ck_done();
}
