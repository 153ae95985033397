// EXPECT-ERROR: [catalase::no-function]
// EXPECT-ALSO: cannot resolve
// EXPECT-ALSO: help: pass the function itself
// The function operand read from a table that is not constant (the program could change it
// before the call): Catalase resolves only constant tables read at constant indices
// (tests/programs/enz8_fn_table_markers.c), and refuses this one at every level, as the table
// may be written elsewhere.
#include <stdio.h>
#include <math.h>

extern int enzyme_dup;
double __enzyme_autodiff(void *, ...);

static double f0(double *x) { return x[0] * x[1]; }
static double f1(double *x) { return sin(x[0]) + x[1]; }
typedef double (*objective)(double *);
objective table[2] = {f0, f1};

void swap_table(void) {
  objective t = table[0];
  table[0] = table[1];
  table[1] = t;
}

int main(int argc, char **argv) {
  (void)argv;
  if (argc > 3) swap_table();
  double x[2] = {0.5, 1.5}, dx[2] = {0};
  __enzyme_autodiff((void *)table[1], enzyme_dup, x, dx);
  printf("%g %g\n", dx[0], dx[1]);
  return 0;
}
