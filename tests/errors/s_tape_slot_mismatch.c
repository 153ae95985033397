// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: __enzyme_reverse of `cube` has activity pattern (dup), but its __enzyme_augmentfwd calls have (dup) with the tape in a caller's slot (enzyme_tape)
// EXPECT-ALSO: help: pass the same markers (and enzyme_allocated/enzyme_tape
// The augmented call keeps its tape in a slot (enzyme_tape without enzyme_allocated); the
// reverse call passes the slot's address where the returned tape belongs.
extern int enzyme_dup, enzyme_tape;
double __enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
static double cube(double *x) { return x[0] * x[0] * x[0]; }
int main(void) {
  void *slot;
  double x[1] = {2.0}, dx[1] = {0.0};
  double p = __enzyme_augmentfwd((void *)cube, enzyme_tape, &slot, enzyme_dup, x, dx);
  __enzyme_reverse((void *)cube, enzyme_dup, x, dx, 1.0, &slot);
  return p > 0 ? 0 : 1;
}
