// TEST: reverse mode through std::map copies made inside the differentiated function (libstdc++'s _M_copy clones each node and sets its colour with a plain integer store; the shadow tree must get the same colours, or _Rb_tree_decrement on a shadow root that is left red takes it for the header): map<std::string,double> copied and copied again, searched and iterated both ways; at -O0 also map<int,double> copied by construction and by assignment, then inserted into and erased from (rebalancing reads the colours too); gradients against finite differences and against forward mode (dot-product test)
#include <cmath>
#include <map>
#include <string>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

#define N 7

// map<int, double> only at -O0: optimized, the node's pair<const int, double> is copied by one
// 16-byte memcpy whose bytes type analysis cannot tell (a refusal,
// tests/regressions/rev_cpp_map_int_copy_optimized.cpp).
// Copy constructed, walked backwards (rbegin starts at the copy's header).
#ifndef __OPTIMIZE__
static double int_copy_backwards(const double *x, int n) {
  std::map<int, double> m;
  for (int i = 0; i < n; i++) m[(5 * i) % n] = x[i] * x[i];
  std::map<int, double> c = m;
  double s = 0.0;
  for (auto it = c.rbegin(); it != c.rend(); ++it) s = 0.5 * s + it->second;
  auto f = c.find(3);
  if (f != c.end()) s += sin(f->second);
  return s;
}

// Copy assigned over a map that already holds nodes, then grown and shrunk: the inserts and
// erasures rebalance the copied tree by its colours.
static double int_copy_assign_insert_erase(const double *x, int n) {
  std::map<int, double> m, c;
  for (int i = 0; i < n; i++) m[i] = x[i];
  c[100] = 1.0;
  c[-3] = 2.0;
  c = m;
  for (int i = 0; i < n; i++) c[n + i] = x[i] * x[(i + 1) % n];
  c.erase(2);
  c.erase(n + 1);
  double s = 0.0, w = 1.0;
  for (auto it = c.rbegin(); it != c.rend(); ++it) {
    s += w * it->second;
    w *= 0.8;
  }
  for (const auto &kv : c) s = 0.9 * s + cos(kv.second);
  return s;
}
#endif

// String keys, short (in the string's own buffer) and long (on the heap); a copy of a copy.
static double string_copy(const double *x, int n) {
  std::map<std::string, double> m;
  for (int i = 0; i < n; i++) {
    m["k" + std::to_string(i)] = x[i] * x[i];
    m["a_key_longer_than_fifteen_" + std::to_string(i % 3)] += sin(x[i]);
  }
  std::map<std::string, double> c = m;
  std::map<std::string, double> d = c;
  double s = 0.0;
  auto f = d.find("k0");
  if (f != d.end()) s = f->second;
  for (auto it = c.rbegin(); it != c.rend(); ++it) s += 0.1 * it->second * it->second;
  for (const auto &kv : d) s = 0.9 * s + kv.second;
  return s + m["k1"] * c["k" + std::to_string(n - 2)];
}

typedef double (*model)(const double *, int);
static model current;
static double flat(double *x) { return current(x, N); }

static const double x0[N] = {0.7, -0.4, 1.3, 0.25, -1.1, 0.55, 0.9};
static const double v0[N] = {0.5, -1.0, 0.25, 0.75, 0.1, -0.3, 0.6};

// The reverse gradient against finite differences, and against the forward derivative along v0.
#define CHECK_MODEL(what, f)                                                    \
  do {                                                                          \
    double x[N], grad[N] = {0}, dx[N];                                          \
    for (int i = 0; i < N; i++) x[i] = x0[i], dx[i] = v0[i];                    \
    current = f;                                                                \
    __enzyme_autodiff((void *)f, enzyme_dup, x, grad, enzyme_const, N);         \
    ck_gradient(what, grad, flat, x, N);                                        \
    double jv = __enzyme_fwddiff((void *)f, enzyme_dup, x, dx, enzyme_const, N); \
    double one = 1.0;                                                           \
    ck_dot_test(what, &one, &jv, 1, grad, v0, N);                               \
  } while (0)

int main() {
#ifndef __OPTIMIZE__
  CHECK_MODEL("map<int,double> copied, walked backwards", int_copy_backwards);
  CHECK_MODEL("map<int,double> copy-assigned, grown and shrunk", int_copy_assign_insert_erase);
#endif
  CHECK_MODEL("map<string,double> copied twice", string_copy);
  return ck_done();
}
