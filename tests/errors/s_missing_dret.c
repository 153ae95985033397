// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: missing differential return: `sq` returns double
// EXPECT-ALSO: help: pass the adjoint of the result
// __enzyme_reverse of a float-valued function without its differential return.
typedef struct { void *tape; double primal; } aug;
aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
static double sq(double x) { return x * x; }
int main(void) {
  aug a = __enzyme_augmentfwd((void *)sq, 3.0);
  return __enzyme_reverse((void *)sq, 3.0, a.tape) > 0 ? 0 : 1;
}
