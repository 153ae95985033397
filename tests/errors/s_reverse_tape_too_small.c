// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: the tape of `cube` needs 24 bytes, enzyme_allocated gives 4 bytes
// EXPECT-ALSO: need 24 bytes have 4 bytes
// The augmented call gives enough bytes, the reverse call names fewer: refused there as well.
extern int enzyme_allocated, enzyme_tape, enzyme_dup;
double __enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
static double cube(double *x) { return x[0] * x[0] * x[0]; }
int main(void) {
  char tape[64];
  double x[1] = {2.0}, dx[1] = {0.0};
  __enzyme_augmentfwd((void *)cube, enzyme_allocated, 64, enzyme_tape, tape, enzyme_dup, x, dx);
  __enzyme_reverse((void *)cube, enzyme_allocated, 4, enzyme_tape, tape, enzyme_dup, x, dx, 1.0);
  return 0;
}
