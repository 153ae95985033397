// TEST: reverse and forward mode through a std::vector<std::vector<double>> whose rows are filled inside the differentiated function from ranges of the input (an empty row assigned from x + 5 .. x + 9, a row emplaced from an iterator range, a row assigned twice, the second time shorter), then read with weights; the rows' shadow blocks are freed by the gradient (the copy from the user's doubles into a row once counted as moving foreign pointers into the function's memory, and the new row's shadow leaked under LeakSanitizer); gradients against finite differences, the dot-product test against forward mode
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 9

static double assigned(const double *x) {
  std::vector<std::vector<double>> m;
  m.emplace_back();
  m[0].assign(x + 5, x + N);
  double s = 0.0;
  for (size_t i = 0; i < m.size(); i++)
    for (size_t j = 0; j < m[i].size(); j++) s += (1.0 + 0.2 * j) * m[i][j] * m[i][j];
  return s;
}

static double ranges(const double *x) {
  std::vector<std::vector<double>> m;
  m.emplace_back();
  m[0].assign(x, x + 4);
  m[0].assign(x + 2, x + 5); /* shorter: reuses the row's buffer */
  std::vector<double> tail;
  tail.assign(x + 4, x + N);
  double s = 0.0;
  for (size_t j = 0; j < m[0].size(); j++) s += std::sin(m[0][j]) * tail[j];
  for (size_t j = 0; j < tail.size(); j++) s += 0.5 * tail[j] * tail[(j + 1) % tail.size()];
  return s;
}

static double F_assigned(double *x) { return assigned(x); }
static double F_ranges(double *x) { return ranges(x); }

template <double (*f)(const double *)>
static void check(const char *what, ck_objective F, const double *x0) {
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) {
    x[i] = x0[i];
    v[i] = 0.1 * (i + 1) - 0.45;
  }
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx);
  ck_gradient(what, dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v);
  CHECK(what, ck_dot(dx, v, N), jv);
}

int main() {
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.6, 1.3, -0.2, 0.45};
  check<assigned>("rows assigned from a range", F_assigned, x0);
  check<ranges>("rows assigned twice, a tail", F_ranges, x0);
  return ck_done();
}
