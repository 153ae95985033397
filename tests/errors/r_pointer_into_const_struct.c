// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: a pointer to memory with derivatives is stored to memory that has no shadow
// EXPECT-ALSO: help: pass the memory it is stored to with enzyme_dup
// LEVELS: O0
// Reverse mode: the function stores its active input pointer into a context struct passed with
// enzyme_const and reads the input back through the struct. At -O0 the pointer goes through the
// struct's memory, which has no shadow to carry the input's shadow pointer: the reads through it
// would get no adjoint (before, the gradient came out zero at -O0 and right at -O2, where the
// store is forwarded to the loads).
#include <stdio.h>
extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);
typedef struct {
  const double *p;
  int n;
} ctx;
static double f(const double *x, ctx *c) {
  c->p = x;
  double s = 0;
  for (int i = 0; i < c->n; i++) s += c->p[i] * c->p[i];
  return s;
}
int main(void) {
  double x[3] = {1, 2, 3}, dx[3] = {0};
  ctx c = {0, 3};
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, &c);
  printf("%g %g %g\n", dx[0], dx[1], dx[2]);
  return 0;
}
