// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: reverse mode over split mode
// EXPECT-ALSO: help: make the inner gradient with __enzyme_autodiff
// __enzyme_autodiff of a function whose inner gradient is made by split mode: the augmented
// call's { tape, primal } result mixes a pointer and a float.
#include <math.h>
extern int enzyme_dup, enzyme_const;
typedef struct { void *tape; double p; } Aug;
Aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
double __enzyme_autodiff(void *, ...);

static double f(double *x) { return x[0] * x[0] * x[1] + sin(x[1]); }
static double g0(double *x) {
  double g[2] = {0, 0};
  Aug a = __enzyme_augmentfwd((void *)f, enzyme_dup, x, g);
  __enzyme_reverse((void *)f, enzyme_dup, x, g, 1.0, a.tape);
  return g[0];
}
int main(void) {
  double x[2] = {0.5, 1.5}, dx[2] = {0, 0};
  __enzyme_autodiff((void *)g0, enzyme_dup, x, dx);
  return (int)dx[0];
}
