// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_allocated without enzyme_tape
// EXPECT-ALSO: help: pass the caller's bytes with enzyme_tape, ptr
// A tape size for the caller's bytes, but no bytes.
extern int enzyme_allocated, enzyme_dup;
double __enzyme_augmentfwd(void *, ...);
static double cube(double *x) { return x[0] * x[0] * x[0]; }
int main(void) {
  double x[1] = {2.0}, dx[1] = {0.0};
  double p = __enzyme_augmentfwd((void *)cube, enzyme_allocated, 64, enzyme_dup, x, dx);
  return p > 0 ? 0 : 1;
}
