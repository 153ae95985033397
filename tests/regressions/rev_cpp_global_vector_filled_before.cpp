// TEST: reverse and forward mode through a file-scope std::vector<double> of weights that main fills before the derivative calls, read by the differentiated function
// KNOWN-BUG: a derivative stopped at run time
// KNOWN-BUG: killed by SIGSEGV
// Open: as rev_cpp_static_vector_cache: the global's shadow is zeroed before each marker call,
// so the shadow vector holds no buffer while the vector holds one. Reverse mode read the
// adjoint slots of w[k] through null: a SEGV at -O0, and at -O1 undefined behaviour that LLVM
// turned into a silent zero gradient; now the derivative stops at run time with the diagnostic
// (help: mark `w` enzyme_inactive). Forward mode alone (the fwddiff call below runs first) still
// SEGVs at -O0: its check needs type analysis to see the doubles behind the loaded pointer, and
// the analysis rooted at std::vector::operator[] alone does not.
#include <cmath>
#include <vector>

#include "../programs/include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 4

static std::vector<double> w;

static double weighted(const double *x) {
  double s = 0.0;
  for (size_t k = 0; k < w.size(); k++) s += w[k] * std::sin(x[k]);
  return s;
}

static double F_weighted(double *x) { return weighted(x); }

int main() {
  for (int k = 0; k < N; k++) w.push_back(1.0 + 0.5 * k);
  double x[N] = {0.7, -0.4, 1.1, 0.25}, dx[N] = {0}, v[N] = {0.3, -0.2, 0.5, 0.1};
  double jv = __enzyme_fwddiff((void *)weighted, enzyme_dup, x, v);
  __enzyme_autodiff((void *)weighted, enzyme_dup, x, dx);
  ck_gradient("global vector filled before", dx, F_weighted, x, N);
  CHECK("global vector filled before: <grad, v> = Jv", ck_dot(dx, v, N), jv);
  return ck_done();
}
