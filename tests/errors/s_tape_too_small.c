// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: the tape of `cube` needs 24 bytes, enzyme_allocated gives 8 bytes
// EXPECT-ALSO: need 24 bytes have 8 bytes
// EXPECT-ALSO: help: pass enzyme_allocated, __enzyme_augmentsize
// A caller-owned tape smaller than the tape needs: refused at compile time, never overrun.
extern int enzyme_allocated, enzyme_tape, enzyme_dup;
double __enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
static double cube(double *x) { return x[0] * x[0] * x[0]; }
int main(void) {
  char tape[8];
  double x[1] = {2.0}, dx[1] = {0.0};
  __enzyme_augmentfwd((void *)cube, enzyme_allocated, 8, enzyme_tape, tape, enzyme_dup, x, dx);
  __enzyme_reverse((void *)cube, enzyme_allocated, 8, enzyme_tape, tape, enzyme_dup, x, dx, 1.0);
  return 0;
}
