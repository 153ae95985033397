// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_dup_return given but `sq` returns double: in split mode a floating-point result is active
// EXPECT-ALSO: help: use enzyme_active_return (the default for a floating-point result) or enzyme_const_return
// enzyme_dup_return on a floating-point result in split mode: it has a differential return, not a shadow.
extern int enzyme_dup_return;
typedef struct { void *tape; double primal; } aug;
aug __enzyme_augmentfwd(void *, ...);
static double sq(double x) { return x * x; }
int main(void) {
  aug a = __enzyme_augmentfwd((void *)sq, enzyme_dup_return, 3.0);
  return a.primal > 0 ? 0 : 1;
}
