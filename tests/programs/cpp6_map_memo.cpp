// TEST: reverse and forward mode through maps used as caches inside the differentiated function: a std::map<int, double> memoizing a recursive function of active values (find, emplace, count and operator[]), a std::unordered_map<int, double> histogram accumulated with += through operator[] over keys computed from integers, lookups with at() and iteration in key order (a copied std::map<int, double>: tests/regressions/rev_cpp_map_int_copy_optimized.cpp); gradients against finite differences, the dot-product test against forward mode
#include <cmath>
#include <map>
#include <unordered_map>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 6

/* a_n = a_{n-1} * c + a_{n-2} * sin(d) + a_{n/3}, memoized */
static double seq(int n, std::map<int, double> &memo, const double *x) {
  auto it = memo.find(n);
  if (it != memo.end()) return it->second;
  double v;
  if (n < 2)
    v = x[n];
  else
    v = 0.5 * seq(n - 1, memo, x) * x[2] + seq(n - 2, memo, x) * std::sin(x[3]) + 0.1 * seq(n / 3, memo, x);
  memo.emplace(n, v);
  return v;
}

static double memoized(const double *x) {
  std::map<int, double> memo;
  double s = seq(12, memo, x);
  if (memo.count(7)) s += memo[7] * memo.at(3);
  double t = 0.0;
  for (const auto &[k, v] : memo) t += (1.0 + 0.05 * k) * v;
  return s + 0.1 * t;
}

static double histogram(const double *x) {
  std::unordered_map<int, double> h;
  for (int i = 0; i < 40; i++) {
    int key = (i * 7 + 3) % 9;
    h[key] += x[i % N] * (1.0 + 0.01 * i);
  }
  double s = 0.0;
  for (int k = 0; k < 9; k++) s += std::cos(h.at(k)) * (k + 1);
  for (const auto &kv : h) s += 0.01 * kv.second * kv.second;
  auto f = h.find(4);
  if (f != h.end()) s += f->second * x[5];
  return s;
}

static double F_memo(double *x) { return memoized(x); }
static double F_hist(double *x) { return histogram(x); }

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
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.55};
  check<memoized>("std::map memo of a recursion", F_memo, x0);
  check<histogram>("unordered_map histogram", F_hist, x0);
  return ck_done();
}
