// EXPECT-ERROR: [catalase::calling-error]
// EXPECT-ALSO: parameter 0 of `energy` is a struct passed by value (%struct.V3 in memory, `byval`)
// EXPECT-ALSO: help: pass the struct by pointer
// A 24-byte struct of doubles passed by value: its shadow would be a copy made for the call,
// so the gradient accumulated into it would be lost (at -O1 and above LLVM already assumes the
// caller's dv unchanged).
#include <math.h>
typedef struct { double x, y, z; } V3;
extern int enzyme_dup;
double __enzyme_autodiff(void *, ...);

__attribute__((noinline)) double energy(V3 v) { return v.x * v.y + sin(v.z) * v.x; }

int main(void) {
  V3 v = {0.5, 1.5, 0.3}, dv = {0, 0, 0};
  __enzyme_autodiff((void *)energy, enzyme_dup, v, dv);
  return (int)dv.x;
}
