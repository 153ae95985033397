// TEST: reverse and forward mode through a std::vector of std::pair<double, double *> (trivially copyable records holding a double beside a pointer into the input) filled by emplace_back and sorted by its first member with a lambda comparator; the moved records' pointers are then read
#include "include/ck_array.h"

#include <algorithm>
#include <utility>
#include <vector>

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

static double pairs(double *x) {
  std::vector<std::pair<double, double *>> v;
  for (int i = 0; i < 8; i++) v.emplace_back(x[i] * x[i] - 0.25 * x[i], x + (i + 3) % 8);
  std::sort(v.begin(), v.end(), [](const std::pair<double, double *> &a, const std::pair<double, double *> &b) { return a.first < b.first; });
  double s = 0.0;
  for (size_t i = 0; i < v.size(); i++) s += v[i].first * *v[i].second * double(i + 1);
  return s;
}

static const double V[8] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45, 0.9, -0.35};

#define BOTH(what, fn, x, n)                                           \
  do {                                                                 \
    double dx_[8] = {0}, v_[8], one_ = 1.0;                            \
    __enzyme_autodiff((void *)fn, enzyme_dup, x, dx_);                 \
    ck_gradient(what, dx_, fn, x, n);                                  \
    memcpy(v_, V, sizeof v_);                                          \
    double jv_ = __enzyme_fwddiff((void *)fn, enzyme_dup, x, v_);      \
    ck_dot_test(what, &one_, &jv_, 1, dx_, V, n);                      \
  } while (0)

int main() {
  /* keys x^2 - x/4 all distinct */
  double x[8] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35, 1.2, -0.15};
  BOTH("vector of pairs sorted by key", pairs, x, 8);
  return ck_done();
}
