// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: enzyme_tape without enzyme_allocated is not supported
// EXPECT-ALSO: help: give the caller's tape size too
// A caller tape pointer without its size.
extern int enzyme_dup, enzyme_tape;
double __enzyme_augmentfwd(void *, ...);
static double cube(double *x) { return x[0] * x[0] * x[0]; }
int main(void) {
  char tape[64];
  double x[1] = {2.0}, dx[1] = {0.0};
  return __enzyme_augmentfwd((void *)cube, enzyme_tape, tape, enzyme_dup, x, dx) > 0 ? 0 : 1;
}
