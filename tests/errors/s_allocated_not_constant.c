// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_allocated size must be a constant integer
// EXPECT-ALSO: help: pass the tape size as a literal
// The caller's tape size computed at run time: the tape's layout is fixed at compile time.
extern int enzyme_allocated, enzyme_tape, enzyme_dup;
double __enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
static double cube(double *x) { return x[0] * x[0] * x[0]; }
int main(int argc, char **argv) {
  (void)argv;
  char tape[64];
  double x[1] = {2.0}, dx[1] = {0.0};
  __enzyme_augmentfwd((void *)cube, enzyme_allocated, argc * 32, enzyme_tape, tape, enzyme_dup, x, dx);
  __enzyme_reverse((void *)cube, enzyme_allocated, argc * 32, enzyme_tape, tape, enzyme_dup, x, dx, 1.0);
  return 0;
}
