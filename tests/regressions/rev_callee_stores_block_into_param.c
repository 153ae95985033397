// TEST: reverse mode, a heap block made by a called function that stores it through a parameter of the top-level function (`make(x, out)` doing `*out = malloc(...)`): the shadow block the caller receives in its shadow slot is the user's, and the callee's reverse part keeps it (it is asked for with `keep_stored`), so the user frees it once. Before, the callee's reverse part freed it too: a double free.
#include "../programs/include/catalase_check.h"
#include <stdlib.h>

void __enzyme_autodiff(void *, ...);
extern int enzyme_dup;

__attribute__((noinline)) void make(const double *x, double **out) {
  double *b = malloc(2 * sizeof(double));
  b[0] = x[0] * x[1];
  b[1] = sin(x[0]);
  *out = b;
}
void top(const double *x, double **out) { make(x, out); }

int main(void) {
  double x[2] = {0.7, 1.3}, dx[2] = {0};
  double *o = NULL, *d_o = NULL;
  __enzyme_autodiff((void *)top, enzyme_dup, x, dx, enzyme_dup, &o, &d_o);
  /* The shadow block belongs to the caller, seeded with nothing: its entries are zero and the
     gradient stays zero. */
  CHECK("shadow block entry 0", d_o[0], 0.0);
  CHECK("shadow block entry 1", d_o[1], 0.0);
  CHECK("gradient x[0] (no seed)", dx[0], 0.0);
  free(o);
  free(d_o);
  return ck_done();
}
