// TEST: reverse and forward mode through a std::vector<std::vector<double>> grown inside the differentiated function: made with reserve, emplace_back (empty, from a count and a value, from an iterator range), assign, resize with a fill value, insert and erase in a row; gradients against finite differences, the dot-product test against forward mode
// KNOWN-BUG: LeakSanitizer: detected memory leaks
// (under AddressSanitizer at -O1 on the plugin route, the --asan leg: a shadow block of a copied row is not freed, as in tests/regressions/rev_cpp_vector_row_copies_shadow_leak.cpp; the gradients are right; before 25f797e the program was refused at -O1..-O3 and never reached the leak; cpp7: a row assigned from the input range no longer counts as escaping (cpp7_rows_assign_ranges.cpp), but here `x + 1` stored into the stack slot of emplace_back's iterator argument, and the relocation loop of the rows, still make the function's own memory unclean for escape::local_pointers, so the shadows of two rows are taken as reaching the caller and kept; the slot could be exempt as an argument-only slot, but summary::stored_params says emplace_back(first, last) may store what it loads through `first` (0x3): its memmove of the doubles counts as possibly moving pointers, which only type analysis could rule out)
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 9

static double rows(const double *x) {
  std::vector<std::vector<double>> m;
  m.reserve(2);                 /* grows past its reservation below */
  m.emplace_back();             /* an empty row, assigned later */
  m.emplace_back(3, x[0]);      /* three copies of x0 */
  m.emplace_back(x + 1, x + 5); /* x1..x4 */
  m[0].assign(x + 5, x + N);    /* x5..x8 */
  m[1].resize(5, x[1] * x[2]);  /* two more entries of x1*x2 */
  m[2].insert(m[2].begin() + 1, std::sin(x[3]));
  m[2].erase(m[2].begin() + 3);  /* drops x3's copy (index 3 after the insert) */
  m.emplace_back(m[0]);          /* a copy of a row */
  m[3][2] *= x[0];
  double s = 0.0;
  for (size_t i = 0; i < m.size(); i++)
    for (size_t j = 0; j < m[i].size(); j++) s += (1.0 + 0.3 * i + 0.1 * j) * m[i][j] * m[i][(j + 1) % m[i].size()];
  return s;
}

static double F_rows(double *x) { return rows(x); }

template <double (*f)(const double *)>
static void check(const char *what, ck_objective F, const double *x0) {
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) {
    x[i] = x0[i];
    v[i] = 0.3 * ((i * 4) % 7) - 0.9;
  }
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx);
  ck_gradient(what, dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v);
  char label[120];
  snprintf(label, sizeof label, "%s: <grad, v> = Jv", what);
  CHECK(label, ck_dot(dx, v, N), jv);
}

int main() {
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.55, 1.3, -0.15, 0.45};
  check<rows>("vector<vector> grown inside", F_rows, x0);
  return ck_done();
}
