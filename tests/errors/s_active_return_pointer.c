// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_active_return given but `shift` returns a pointer, which has no differential return
// EXPECT-ALSO: help: use enzyme_dup_return
// enzyme_active_return on a pointer result in __enzyme_reverse.
extern int enzyme_active_return, enzyme_dup;
void __enzyme_reverse(void *, ...);
static double *shift(double *x) { x[0] *= x[0]; return x + 1; }
int main(void) {
  double x[2] = {1.0, 2.0}, dx[2] = {0.0, 0.0};
  void *tape = 0;
  __enzyme_reverse((void *)shift, enzyme_active_return, enzyme_dup, x, dx, tape);
  return 0;
}
