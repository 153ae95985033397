// TEST: reverse mode at -O0 through std::nth_element followed by std::minmax_element on a std::vector<double> copy of the input, whose result pair of iterators is dereferenced into the objective (checked against finite differences and forward mode)
// (was a SIGSEGV at -O0: libstdc++'s __minmax_element at -O0 picks the first min/max iterators with a `select` of two i64 loads of iterators (pointer bits) stored into a local pair, and the select got no shadow, so the shadow pair kept null fields when nth_element had put the minimum at the front. Now a select or phi of pointer-bits integers carries the same merge of their shadow bits: `find_merged_bits` in crates/ad/src/reverse/memory.rs.)
#include "../programs/include/ck_array.h"

#include <algorithm>
#include <vector>

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 8

static double reorder(double *x) {
  std::vector<double> v(x, x + N);
  double s = 0.0;
  for (int i = 0; i < N; i++) s += (i + 1) * v[i] * v[(i + 2) % N];
  std::nth_element(v.begin(), v.begin() + N / 2, v.end());
  auto mm = std::minmax_element(v.begin(), v.end());
  return s + v[N / 2] * 2.0 + (*mm.second) * (*mm.first);
}

static const double V[N] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45, 0.9, -0.35};

int main() {
  double x[N] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35, 1.1, -0.15};
  double dx[N] = {0}, v[N], one = 1.0;
  __enzyme_autodiff((void *)reorder, enzyme_dup, x, dx);
  ck_gradient("nth_element then minmax_element", dx, reorder, x, N);
  memcpy(v, V, sizeof v);
  double jv = __enzyme_fwddiff((void *)reorder, enzyme_dup, x, v);
  ck_dot_test("nth_element then minmax_element", &one, &jv, 1, dx, V, N);
  return ck_done();
}
