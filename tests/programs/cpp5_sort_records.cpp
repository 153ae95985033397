// TEST: reverse and forward mode through std::sort, std::stable_sort and std::partial_sort with lambda comparators on a std::vector of records {double key; double val;} whose keys and values are both active (24 records: introsort's partitioning and final insertion sort both run), then std::max_element with a lambda, std::lower_bound on the sorted keys and a weighted sum in the sorted order; the permutation is locally constant, so gradients are checked against finite differences away from ties, plus the dot-product test against forward mode
#include <algorithm>
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

struct KV {
  double key;
  double val;
};

#define N 24

static double sorted_score(const double *x) {
  std::vector<KV> r;
  r.reserve(N);
  for (int i = 0; i < N; i++) r.push_back({std::sin(1.7 * x[i]) + 0.03 * i, x[i] * x[(i + 5) % N]});
  std::sort(r.begin(), r.end(), [](const KV &a, const KV &b) { return a.key < b.key; });
  double s = 0.0;
  for (int k = 0; k < N; k++) s += (k + 1) * r[k].val * r[k].key;
  /* the largest value by a lambda, and the first key above 0.2 */
  auto mx = std::max_element(r.begin(), r.end(), [](const KV &a, const KV &b) { return a.val < b.val; });
  s += 2.0 * mx->val * mx->key;
  auto lb = std::lower_bound(r.begin(), r.end(), 0.2, [](const KV &a, double k) { return a.key < k; });
  if (lb != r.end()) s += std::exp(lb->key) * lb->val;
  return s;
}

/* stable_sort by val descending (merge sort with a temporary buffer), then partial_sort of the
   three smallest keys; the records are copied by value into a second vector first */
static double stable_partial(const double *x) {
  std::vector<KV> r(N);
  for (int i = 0; i < N; i++) r[i] = KV{x[i] * x[i] - 0.01 * i, std::cos(x[i]) + 0.5 * x[(i + 1) % N]};
  std::vector<KV> c = r;
  std::stable_sort(c.begin(), c.end(), [](const KV &a, const KV &b) { return a.val > b.val; });
  double s = 0.0;
  for (int k = 0; k < N; k++) s += std::sqrt(k + 1.0) * c[k].key * c[k].val;
  std::partial_sort(r.begin(), r.begin() + 3, r.end(), [](const KV &a, const KV &b) { return a.key < b.key; });
  for (int k = 0; k < 3; k++) s += (3 - k) * r[k].key * r[k].key + r[k].val;
  return s;
}

static double F1(double *x) { return sorted_score(x); }
static double F2(double *x) { return stable_partial(x); }

static void fill(double *x, double a, double b) {
  for (int i = 0; i < N; i++) x[i] = a * std::sin(b * i + 0.3) + 0.05 * i - 0.4;
}

int main() {
  double x[N], dx[N] = {0}, v[N];
  fill(x, 0.9, 2.3);
  for (int i = 0; i < N; i++) v[i] = 0.1 * ((i * 7) % 11) - 0.5;
  __enzyme_autodiff((void *)sorted_score, enzyme_dup, x, dx);
  ck_gradient("sort records by key", dx, F1, x, N);
  double jv = __enzyme_fwddiff((void *)sorted_score, enzyme_dup, x, v);
  CHECK("sort records by key: <grad, v> = Jv", ck_dot(dx, v, N), jv);

  double y[N], dy[N] = {0};
  fill(y, 1.1, 1.3);
  __enzyme_autodiff((void *)stable_partial, enzyme_dup, y, dy);
  ck_gradient("stable_sort/partial_sort records", dy, F2, y, N);
  double jw = __enzyme_fwddiff((void *)stable_partial, enzyme_dup, y, v);
  CHECK("stable_sort/partial_sort: <grad, v> = Jv", ck_dot(dy, v, N), jw);
  return ck_done();
}
