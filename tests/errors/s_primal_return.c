// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: Option enzyme_primal_return not available in reverse split mode
// enzyme_primal_return in split mode: __enzyme_augmentfwd returns the primal anyway.
extern int enzyme_primal_return;
typedef struct { void *tape; double primal; } aug;
aug __enzyme_augmentfwd(void *, ...);
static double sq(double x) { return x * x; }
int main(void) {
  aug a = __enzyme_augmentfwd((void *)sq, enzyme_primal_return, 3.0);
  return a.primal > 0 ? 0 : 1;
}
