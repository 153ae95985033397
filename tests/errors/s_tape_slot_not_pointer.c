// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: the tape after enzyme_tape must be a pointer
// EXPECT-ALSO: help: pass a pointer to the caller's enzyme_allocated bytes, or without enzyme_allocated to a `void*` slot
// The slot for the tape's pointer passed by value instead of by address.
extern int enzyme_dup, enzyme_tape;
double __enzyme_augmentfwd(void *, ...);
static double cube(double *x) { return x[0] * x[0] * x[0]; }
int main(void) {
  long slot = 0;
  double x[1] = {2.0}, dx[1] = {0.0};
  return __enzyme_augmentfwd((void *)cube, enzyme_tape, slot, enzyme_dup, x, dx) > 0 ? 0 : 1;
}
