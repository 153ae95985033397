// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: Option enzyme_primal_return not available in reverse split mode
// EXPECT-ALSO: help: remove enzyme_primal_return
// enzyme_primal_return in __enzyme_reverse: the reverse part of split mode returns gradients only.
extern int enzyme_primal_return;
typedef struct { void *tape; double primal; } aug;
aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
static double sq(double x) { return x * x; }
int main(void) {
  aug a = __enzyme_augmentfwd((void *)sq, 3.0);
  double d = __enzyme_reverse((void *)sq, enzyme_primal_return, 3.0, 1.0, a.tape);
  return d > 0 ? 0 : 1;
}
