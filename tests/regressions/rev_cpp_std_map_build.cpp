// TEST: reverse mode through a std::map<int, double> built inside the differentiated function from active inputs (insertions rebalance the tree with libstdc++'s _Rb_tree_insert_and_rebalance, erasures with _Rb_tree_rebalance_for_erase, each made again on the shadow tree so it keeps the primal's shape), updated in place through operator[], iterated both ways, and destroyed
// Fixed: libstdc++'s inlined insertion code was refused before the tree's own helpers (at
// -O1/-O2 a node pointer through an integer, `inttoptr` in _M_emplace_hint_unique, dd9d909; at
// -O3 _M_get_insert_hint_unique_pos returning a {ptr, ptr} pair, 316b90a; at -O0 type
// analysis grew to its limit, fef2f8d).
#include <map>

#include "../programs/include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);

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
  double x[N] = {0.4, -0.3, 1.2, 0.9, -1.1, 0.25, 0.6, -0.45, 0.8, 0.15, -0.7, 0.33, 1.05}, dx[N] = {0};
  __enzyme_autodiff((void *)histogram, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("std::map built in the function, reverse", dx, F, x, N);
  return ck_done();
}
