// TEST: a raw-pointer wrapper copies its input into a std::vector<double> and hands it to a virtual member function of an inactive `const Problem *` (the GradBench-style driver of tests/programs/gb8_problem_classes.cpp before its workaround); reverse and forward mode against finite differences
// KNOWN-BUG: cannot-deduce-type
// Open (a refusal, with a clear diagnostic): the only uses of the copied bytes are the vector's
// memcpy and the indirect (virtual) call, so type analysis finds nothing about what the copy of
// `x` holds and refuses the memcpy at every level. The parameter is `const double *`, but with
// opaque pointers that is not in the IR; the callees that read the doubles are reached only
// through the vtable. Enzyme's type analysis has the same blind spot. Possible fixes: take the
// element type from the callers' accesses of the argument's memory (main's double array), or
// from the possible targets of the virtual call (the vtables' functions that could be called).
// Workaround: pass the raw pointer through the virtual call and copy inside each override.
#include <vector>

#include "../programs/include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 4

struct Problem {
  virtual ~Problem() = default;
  virtual double objective(const std::vector<double> &x) const = 0;
};

struct Quartic : Problem {
  double objective(const std::vector<double> &x) const override {
    double s = 0.0;
    for (double v : x) s += v * v * v * v - v;
    return s;
  }
};

__attribute__((noinline)) static double run_objective(const Problem *p, const double *x, int n) {
  std::vector<double> xv(x, x + n);
  return p->objective(xv);
}

static Quartic g_problem;
static double F(double *x) { return run_objective(&g_problem, x, N); }

int main() {
  double x[N] = {0.3, -0.5, 0.7, 1.1}, dx[N] = {0}, v[N] = {0.4, -0.2, 0.9, 0.1};
  __enzyme_autodiff((void *)run_objective, enzyme_const, &g_problem, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("vector copy before a virtual call", dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)run_objective, enzyme_const, &g_problem, enzyme_dup, x, v, enzyme_const, N);
  CHECK("vector copy before a virtual call: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  return ck_done();
}
