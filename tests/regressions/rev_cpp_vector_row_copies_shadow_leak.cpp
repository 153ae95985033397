// TEST: reverse mode through a std::vector<double> made from an iterator range and pushed five times (as copies) into a std::vector<std::vector<double>> that grows, built with AddressSanitizer and leak detection: every shadow block the gradient allocates must be freed
// CFLAGS: -fsanitize=address -fno-omit-frame-pointer
// LDFLAGS: -fsanitize=address
// LEVELS: O1,O2,O3
// KNOWN-BUG: LeakSanitizer
// Open (found with cpp6_vecvec_values in the --asan leg): at -O1 one 32-byte shadow block, calloc'ed
// by the gradient itself (`__catalase_rev_...`), is never freed. The gradients are right.
// KNOWN-BUG: cannot tell what bytes 0..4 of this copy hold
// (at -O1 on the CLI route, since type analysis takes a pattern's pointee into an explicit
// pointer cell only under records made only of pointers (25f797e, narrowed from ed2482e, which
// the helper's runs had): the row copy's `memmove` in `std::__copy_move` is refused.)
#include <cmath>
#include <vector>

#include "../programs/include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
}

#define N 4

static double rows(const double *x) {
  std::vector<double> row(x, x + N);
  std::vector<std::vector<double>> g;
  for (int k = 0; k < 5; k++) g.push_back(row);
  double s = 0.0;
  for (size_t i = 0; i < g.size(); i++)
    for (size_t j = 0; j < N; j++) s += g[i][j] * g[(i + 1) % 5][N - 1 - j];
  return s;
}

static double F_rows(double *x) { return rows(x); }

int main() {
  double x[N] = {0.7, -0.4, 1.1, 0.25}, dx[N] = {0};
  __enzyme_autodiff((void *)rows, enzyme_dup, x, dx);
  ck_gradient("rows pushed as copies", dx, F_rows, x, N);
  return ck_done();
}
