// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_byref on the differential return of `scale`, but it returns nothing
// __enzyme_reverse of a void function: enzyme_byref before the tape, which is no differential return.
extern int enzyme_byref, enzyme_dup;
void *__enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
static void scale(double *x) { x[0] *= x[0]; }
int main(void) {
  double x = 3.0, dx = 1.0;
  void *tape = __enzyme_augmentfwd((void *)scale, enzyme_dup, &x, &dx);
  __enzyme_reverse((void *)scale, enzyme_dup, &x, &dx, enzyme_byref, sizeof tape, &tape);
  return dx > 0 ? 0 : 1;
}
