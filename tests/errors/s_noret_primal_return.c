// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: enzyme_noret contradicts enzyme_primal_return
// EXPECT-ALSO: help: pass one of them
// enzyme_noret drops the primal result that enzyme_primal_return asks for.
extern int enzyme_noret, enzyme_primal_return;
typedef struct { double primal, dx; } res;
res __enzyme_autodiff(void *, ...);
static double sq(double x) { return x * x; }
int main(void) {
  res r = __enzyme_autodiff((void *)sq, enzyme_noret, enzyme_primal_return, 3.0);
  return r.dx > 0 ? 0 : 1;
}
