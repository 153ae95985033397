// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: differential return of the wrong type: at width 4, `sq` takes 4 values of type double
// EXPECT-ALSO: help: pass a struct of 4 double
// A batched __enzyme_reverse (width 4) given three seeds instead of four.
typedef struct { void *tape; double primal; } aug;
extern int enzyme_width;
aug __enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
static double sq(double x) { return x * x; }
int main(void) {
  aug a = __enzyme_augmentfwd((void *)sq, enzyme_width, 4, 3.0);
  __enzyme_reverse((void *)sq, enzyme_width, 4, 3.0, 1.0, 1.0, 1.0, a.tape);
  return 0;
}
