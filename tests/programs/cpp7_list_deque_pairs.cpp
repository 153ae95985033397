// TEST: reverse and forward mode through std::list<double> (push_front/push_back, insert before an iterator, splice of a second list, remove_if), std::deque<double> (push_front and push_back past one block, pop_front), and a std::vector<std::pair<double, double>> sorted by first with std::sort and a lambda comparator (the order depends on the inputs only through comparisons); gradients against finite differences, the dot-product test against forward mode
#include <algorithm>
#include <cmath>
#include <deque>
#include <list>
#include <utility>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 6

static double lists(const double *x) {
  std::list<double> a, b;
  for (int i = 0; i < 3; i++) a.push_back(x[i] * x[i]);
  a.push_front(std::sin(x[3]));
  auto it = a.begin();
  ++it;
  a.insert(it, x[4] * 2.0);
  b.push_back(x[5]);
  b.push_back(x[0] + x[1]);
  a.splice(a.end(), b);
  a.remove_if([](double v) { return v > 100.0; }); /* removes nothing for these inputs */
  double s = 0.0, w = 1.0;
  for (double v : a) {
    s += w * v;
    w += 0.25;
  }
  return s;
}

static double deques(const double *x) {
  std::deque<double> d;
  for (int r = 0; r < 40; r++) { /* more than one 512-byte block each way */
    d.push_back(x[r % N] * (1.0 + 0.01 * r));
    d.push_front(std::cos(x[(r + 1) % N]) * 0.5);
  }
  d.pop_front();
  double s = 0.0;
  for (size_t i = 0; i < d.size(); i++) s += d[i] * (1.0 + 0.001 * i);
  return s;
}

static double pairs(const double *x) {
  std::vector<std::pair<double, double>> p;
  for (int i = 0; i < N; i++) p.emplace_back(x[i], std::exp(0.2 * x[(i + 2) % N]));
  std::sort(p.begin(), p.end(), [](const std::pair<double, double> &l, const std::pair<double, double> &r) { return l.first < r.first; });
  double s = 0.0;
  for (int i = 0; i < N; i++) s += (i + 1) * p[i].first * p[i].second;
  return s;
}

static double F_lists(double *x) { return lists(x); }
static double F_deques(double *x) { return deques(x); }
static double F_pairs(double *x) { return pairs(x); }

template <double (*f)(const double *)>
static void check(const char *what, ck_objective F, const double *x0) {
  double x[N], dx[N] = {0}, v[N];
  for (int i = 0; i < N; i++) {
    x[i] = x0[i];
    v[i] = 0.2 * (i + 1) - 0.5;
  }
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx);
  ck_gradient(what, dx, F, x, N);
  double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, v);
  CHECK(what, ck_dot(dx, v, N), jv);
}

int main() {
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.8, 0.6};
  check<lists>("std::list insert, splice", F_lists, x0);
  check<deques>("std::deque both ends", F_deques, x0);
  check<pairs>("sorted pairs", F_pairs, x0);
  return ck_done();
}
