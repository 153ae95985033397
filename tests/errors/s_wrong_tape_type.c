// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: tape argument of the wrong type
// EXPECT-ALSO: help: pass the `void*` tape
// The primal result passed where the tape belongs.
typedef struct { void *tape; double primal; } aug;
aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
static double sq(double x) { return x * x; }
int main(void) {
  aug a = __enzyme_augmentfwd((void *)sq, 3.0);
  return __enzyme_reverse((void *)sq, 3.0, 1.0, a.primal) > 0 ? 0 : 1;
}
