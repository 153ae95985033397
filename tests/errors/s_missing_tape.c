// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: missing tape: __enzyme_reverse of `scale` takes the tape __enzyme_augmentfwd returned, last
// A reverse call of a void function without the tape.
extern int enzyme_dup;
void *__enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
static void scale(double *x) { x[0] = x[0] * x[0]; }
int main(void) {
  double x[1] = {2.0}, dx[1] = {1.0};
  void *t = __enzyme_augmentfwd((void *)scale, enzyme_dup, x, dx);
  __enzyme_reverse((void *)scale, enzyme_dup, x, dx);
  return t != 0 ? 0 : 1;
}
