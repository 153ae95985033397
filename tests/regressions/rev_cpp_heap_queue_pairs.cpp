// TEST: reverse and forward mode through the heap algorithms and containers adapters: a std::priority_queue<std::pair<double, int>> of active priorities popped in order (Dijkstra-like relaxation over a small graph whose edge weights are active), std::make_heap/std::pop_heap/std::push_heap on a std::vector<double> with a lambda comparator, an index order from std::sort by a computed key (std::vector<int> sorted by f(x[i])) used to weight the values, and a std::stack<double> and std::queue<double> as work lists; gradients against finite differences, the dot-product test against forward mode
// KNOWN-BUG: cannot tell what bytes
// Open (found writing cpp6_*): refused, never wrong. The shortest-path kernel at -O1/-O2: a
// std::pair<int, double> pushed into a row of a std::vector<std::vector<std::pair<int, double>>>
// is copied with a 16-byte memcpy whose padding bytes 4..8 type analysis finds "any" (the same
// pair in a one-level std::vector gets through). The heap kernel at -O0: a copy of 8 bytes
// (std::pop_heap's moves of the doubles through iterators) refused the same way.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <stack>
#include <utility>
#include <vector>

#include "../programs/include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define N 8

static double shortest(const double *x) {
  const int V = 5;
  /* edges u->v with weight 1 + x[k]^2 */
  const int eu[8] = {0, 0, 1, 1, 2, 2, 3, 1}, ev[8] = {1, 2, 2, 3, 3, 4, 4, 4};
  std::vector<std::vector<std::pair<int, double>>> adj(V);
  for (int k = 0; k < 8; k++) adj[eu[k]].push_back({ev[k], 1.0 + x[k] * x[k]});
  std::vector<double> dist(V, 1e30);
  dist[0] = 0.0;
  std::priority_queue<std::pair<double, int>, std::vector<std::pair<double, int>>, std::greater<>> pq;
  pq.push({0.0, 0});
  while (!pq.empty()) {
    auto [d, u] = pq.top();
    pq.pop();
    if (d > dist[u]) continue;
    for (auto [v, w] : adj[u])
      if (dist[u] + w < dist[v]) {
        dist[v] = dist[u] + w;
        pq.push({dist[v], v});
      }
  }
  return dist[3] + 2.0 * dist[4] + dist[2] * dist[1];
}

static double heaps(const double *x) {
  std::vector<double> h;
  auto cmp = [](double a, double b) { return std::fabs(a) < std::fabs(b); };
  for (int i = 0; i < N; i++) {
    h.push_back(x[i] * (1.0 + 0.1 * i));
    std::push_heap(h.begin(), h.end(), cmp);
  }
  double s = 0.0;
  for (int k = 0; k < 4; k++) {
    std::pop_heap(h.begin(), h.end(), cmp);
    s += (k + 1) * h.back();
    h.pop_back();
  }
  std::make_heap(h.begin(), h.end());
  s += h.front() * 0.5;
  /* an order of indices by a computed key */
  std::vector<int> idx(N);
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](int a, int b) { return std::sin(x[a]) < std::sin(x[b]); });
  for (int r = 0; r < N; r++) s += 0.1 * r * x[idx[r]] * x[idx[(r + 1) % N]];
  std::stack<double> st;
  std::queue<double> q;
  for (int i = 0; i < N; i++) {
    st.push(x[i]);
    q.push(x[N - 1 - i] * x[i]);
  }
  double a = 0.0;
  while (!st.empty()) {
    a = a * 0.5 + st.top() * q.front();
    st.pop();
    q.pop();
  }
  return s + a;
}

static double F_shortest(double *x) { return shortest(x); }
static double F_heaps(double *x) { return heaps(x); }

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
  const double x0[N] = {0.7, -0.4, 1.1, 0.25, -0.85, 0.55, 1.3, -0.15};
  check<shortest>("priority_queue shortest paths", F_shortest, x0);
  check<heaps>("heap algorithms, sorted indices, stack and queue", F_heaps, x0);
  return ck_done();
}
