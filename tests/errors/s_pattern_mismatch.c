// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: __enzyme_reverse of `scale` has activity pattern (dup, const)
// EXPECT-ALSO: its __enzyme_augmentfwd calls have (dup, out)
// EXPECT-ALSO: the tape would not match
// The augmented and the reverse call of one function with different activities.
extern int enzyme_dup, enzyme_const, enzyme_out;
typedef struct { void *tape; double primal; } aug;
aug __enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
static double scale(double *x, double k) { return k * x[0] * x[0]; }
int main(void) {
  double x[1] = {2.0}, dx[1] = {0.0};
  aug a = __enzyme_augmentfwd((void *)scale, enzyme_dup, x, dx, enzyme_out, 3.0);
  __enzyme_reverse((void *)scale, enzyme_dup, x, dx, enzyme_const, 3.0, 1.0, a.tape);
  return 0;
}
