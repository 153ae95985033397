// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: differential return of the wrong type: `sq` returns double
// EXPECT-ALSO: help: pass a value of type double
// The differential return passed as an int (1 instead of 1.0).
typedef struct { void *tape; double primal; } aug;
aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
static double sq(double x) { return x * x; }
int main(void) {
  aug a = __enzyme_augmentfwd((void *)sq, 3.0);
  return __enzyme_reverse((void *)sq, 3.0, 1, a.tape) > 0 ? 0 : 1;
}
