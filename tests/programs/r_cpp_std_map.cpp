// TEST: reverse and forward mode through a std::map<int, double> passed with enzyme_dup (its shadow map built by the same insertions, so it has the primal's shape): iterated forwards and backwards (libstdc++'s out-of-line _Rb_tree_increment/_Rb_tree_decrement, called again on the shadow tree), searched with find and lower_bound, beside a std::set<int> of selected keys passed with enzyme_const
#include <map>
#include <set>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

static double energy(const std::map<int, double> *m, const std::set<int> *picked) {
  double s = 0.0, prev = 0.0;
  int k = 0;
  for (auto it = m->begin(); it != m->end(); ++it, ++k) {
    double v = it->second;
    s += sin(v) * (1.0 + 0.1 * k) + 0.3 * v * prev;
    prev = v;
  }
  double w = 1.0;
  for (auto it = m->rbegin(); it != m->rend(); ++it) {
    if (picked->count(it->first)) s += w * it->second * it->second;
    w *= 0.7;
  }
  auto f = m->find(9);
  if (f != m->end()) s += exp(0.5 * f->second);
  auto lb = m->lower_bound(10);
  if (lb != m->end()) s += lb->second * f->second;
  return s;
}

#define N 8
static const int keys[N] = {12, 3, 9, 0, 15, 6, 21, 18};

static std::map<int, double> build(const double *x) {
  std::map<int, double> m;
  for (int i = 0; i < N; i++) m[keys[i]] = x[i];
  return m;
}

static std::set<int> picked_keys() { return std::set<int>{3, 12, 18, 21, 7}; }

static double F(double *x) {
  std::map<int, double> m = build(x);
  std::set<int> p = picked_keys();
  return energy(&m, &p);
}

int main() {
  double x[N] = {0.4, -0.3, 1.2, 0.9, -1.1, 0.25, 0.6, -0.45};
  std::set<int> picked = picked_keys();

  // Reverse: the gradient lands in the shadow map, key by key.
  std::map<int, double> m = build(x), dm;
  for (int i = 0; i < N; i++) dm[keys[i]] = 0.0;
  __enzyme_autodiff((void *)energy, enzyme_dup, &m, &dm, enzyme_const, &picked);
  double grad[N];
  for (int i = 0; i < N; i++) grad[i] = dm[keys[i]];
  ck_gradient("std::map reverse", grad, F, x, N);

  // Forward: the tangent of each key's value in the shadow map, one direction per key.
  for (int j = 0; j < N; j++) {
    std::map<int, double> t;
    for (int i = 0; i < N; i++) t[keys[i]] = i == j ? 1.0 : 0.0;
    double d = __enzyme_fwddiff((void *)energy, enzyme_dup, &m, &t, enzyme_const, &picked);
    char label[64];
    snprintf(label, sizeof label, "std::map forward: d/dx[%d]", j);
    CHECK(label, d, ck_fd_partial(F, x, j));
  }
  return ck_done();
}
