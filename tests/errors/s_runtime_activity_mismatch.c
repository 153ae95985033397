// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: __enzyme_reverse of `scale` has activity pattern (dup, dup), but its __enzyme_augmentfwd calls have (dup, dup) with enzyme_runtime_activity
// EXPECT-ALSO: the tape would not match
// enzyme_runtime_activity in the augmented call only: its part guards shadows, the reverse part would read another tape.
extern int enzyme_dup, enzyme_runtime_activity;
void *__enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
static void scale(double *x, double *c) { x[0] = x[0] * c[0] * x[0]; }
int main(void) {
  double x[1] = {2.0}, dx[1] = {0.0}, c[1] = {3.0};
  void *t = __enzyme_augmentfwd((void *)scale, enzyme_runtime_activity, enzyme_dup, x, dx, enzyme_dup, c, c);
  dx[0] = 1.0;
  __enzyme_reverse((void *)scale, enzyme_dup, x, dx, enzyme_dup, c, c, t);
  return 0;
}
