// TEST: reverse and forward mode through a std::unordered_map<int, double> of weights passed with enzyme_dup (its shadow map built by the same insertions, so it has the primal's buckets and chains) and read with find, at and iteration, and a std::unordered_map<int, double> built inside the differentiated function from active inputs (growing it rehashes: libstdc++'s _Prime_rehash_policy::_M_need_rehash and _M_next_bkt are integer computations without derivatives)
// LEVELS: O1,O2,O3
// (-O0: reverse mode's type analysis of the unoptimized hash table code grows for minutes
// before its limit stops it; forward mode alone passes there.)
#include <unordered_map>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

#define NW 6
static const int wkeys[NW] = {4, 17, 9, 31, 2, 12};

static double score(const double *x, int n, const std::unordered_map<int, double> *w) {
  std::unordered_map<int, double> acc;
  for (int i = 0; i < n; i++) acc[(i * 5) % 13] += x[i] * x[i] - 0.3 * x[i];
  double s = 0.0;
  for (int i = 0; i < NW; i++) {
    auto a = acc.find(wkeys[i] % 13);
    double wi = w->at(wkeys[i]);
    if (a != acc.end()) s += wi * a->second;
    else s += wi * wi;
  }
  // Iteration order is the hash table's; the sum does not depend on it.
  for (const auto &kv : *w) s += 0.1 * sin(kv.second) * x[kv.first % n];
  return s;
}

#define N 10
// The objective over x followed by the weights (in wkeys order).
static double F(double *xw) {
  std::unordered_map<int, double> w;
  for (int i = 0; i < NW; i++) w[wkeys[i]] = xw[N + i];
  return score(xw, N, &w);
}

int main() {
  double xw[N + NW] = {0.4, -0.3, 1.2, 0.9, -1.1, 0.25, 0.6, -0.45, 0.8, 0.15, 0.7, -0.2, 1.3, 0.5, -0.9, 0.35};
  std::unordered_map<int, double> w, dw;
  for (int i = 0; i < NW; i++) {
    w[wkeys[i]] = xw[N + i];
    dw[wkeys[i]] = 0.0;
  }
  double grad[N + NW] = {0};
  __enzyme_autodiff((void *)score, enzyme_dup, xw, grad, enzyme_const, N, enzyme_dup, &w, &dw);
  for (int i = 0; i < NW; i++) grad[N + i] = dw[wkeys[i]];
  ck_gradient("std::unordered_map reverse", grad, F, xw, N + NW);
  for (int j = 0; j < N + NW; j++) {
    double v[N] = {0};
    std::unordered_map<int, double> t;
    for (int i = 0; i < NW; i++) t[wkeys[i]] = N + i == j ? 1.0 : 0.0;
    if (j < N) v[j] = 1.0;
    double d = __enzyme_fwddiff((void *)score, enzyme_dup, xw, v, enzyme_const, N, enzyme_dup, &w, &t);
    char label[64];
    snprintf(label, sizeof label, "std::unordered_map forward: d/dx[%d]", j);
    CHECK(label, d, ck_fd_partial(F, xw, j));
  }
  return ck_done();
}
