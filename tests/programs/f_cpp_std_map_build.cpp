// TEST: forward mode through a std::map<int, double> built inside the differentiated function from active inputs (insertions rebalance the tree with libstdc++'s _Rb_tree_insert_and_rebalance, erasures with _Rb_tree_rebalance_for_erase, each made again on the shadow tree so it keeps the primal's shape), updated in place through operator[], iterated both ways, and destroyed (reverse mode: tests/regressions/rev_cpp_std_map_build.cpp)
#include <map>

#include "include/ck_array.h"

extern "C" double __enzyme_fwddiff(void *, ...);

static double histogram(const double *x, int n) {
  std::map<int, double> m;
  for (int i = 0; i < n; i++) {
    int key = (i * 7) % 11;
    m[key] += x[i] * x[i] + 0.5 * x[i];
    m[key + 20] = sin(x[i]);
  }
  // Erase every third key: nodes with two children swap places with their successors.
  int k = 0;
  for (auto it = m.begin(); it != m.end(); k++) {
    if (k % 3 == 1) it = m.erase(it);
    else ++it;
  }
  m.erase(27);
  m[5] *= x[0];
  double s = 0.0, w = 1.0;
  for (auto it = m.begin(); it != m.end(); ++it) {
    s += w * it->second * it->second;
    w *= 0.9;
  }
  for (auto it = m.rbegin(); it != m.rend(); ++it) s += 0.1 * it->second * w;
  return s;
}

#define N 13
static double F(double *x) { return histogram(x, N); }

int main() {
  double x[N] = {0.4, -0.3, 1.2, 0.9, -1.1, 0.25, 0.6, -0.45, 0.8, 0.15, -0.7, 0.33, 1.05};
  for (int j = 0; j < N; j++) {
    double v[N] = {0};
    v[j] = 1.0;
    double d = __enzyme_fwddiff((void *)histogram, enzyme_dup, x, v, enzyme_const, N);
    char label[80];
    snprintf(label, sizeof label, "std::map built in the function: d/dx[%d]", j);
    CHECK(label, d, ck_fd_partial(F, x, j));
  }
  return ck_done();
}
