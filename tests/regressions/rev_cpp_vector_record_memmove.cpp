// TEST: reverse and forward mode through a std::vector of trivially copyable records {double w; const double *p;} that libstdc++ moves with memmove: erase at the front and in the middle, insert at the front and in the middle, std::rotate; the moved records' pointers are then read
// KNOWN-BUG: cannot tell what bytes
// (type analysis cannot classify the bytes of the memmoves libstdc++'s erase/insert/relocation emit for the records at any -O level, so the gradient is refused: a clear refusal, not a wrong result)
#include "../programs/include/ck_array.h"

#include <algorithm>
#include <utility>
#include <vector>

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

struct wp {
  double w;
  const double *p;
};

static double score(const std::vector<wp> &v) {
  double s = 0.0;
  for (size_t i = 0; i < v.size(); i++) s += v[i].w * v[i].p[0] * double(i + 1);
  return s;
}

static double edits(double *x) {
  std::vector<wp> v;
  v.reserve(12);
  for (int i = 0; i < 8; i++) v.push_back(wp{x[i] * (1.0 + 0.1 * i), x + (i * 5 + 2) % 8});
  v.erase(v.begin());
  v.erase(v.begin() + 3);
  v.insert(v.begin(), wp{x[7] * x[0], x + 1});
  v.insert(v.begin() + 4, wp{std::sin(x[2]), x + 6});
  std::rotate(v.begin(), v.begin() + 2, v.end());
  return score(v);
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
  double x[8] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35, 1.05, -0.15};
  BOTH("vector erase/insert/rotate of records", edits, x, 8);
  return ck_done();
}
