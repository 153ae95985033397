// TEST: reverse and forward mode through a std::list<double> built inside the differentiated function from active inputs (push_back/push_front/insert link nodes with libstdc++'s _List_node_base::_M_hook, pop_front/erase unlink them with _M_unhook, reverse() is _M_reverse and splice is _M_transfer, each made again on the shadow list), iterated both ways
#include <list>

#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

static double chain(const double *x, int n) {
  std::list<double> a, b;
  for (int i = 0; i < n; i++) {
    if (i % 2) a.push_back(x[i] * x[i]);
    else a.push_front(sin(x[i]));
    if (i % 3 == 0) b.push_back(x[i] + 0.5);
  }
  a.pop_front();
  auto it = a.begin();
  ++it;
  it = a.erase(it);
  a.insert(it, x[0] * x[1]);
  a.reverse();
  auto mid = a.begin();
  ++mid;
  ++mid;
  a.splice(mid, b);
  double s = 0.0, w = 1.0;
  for (double v : a) {
    s += w * v * v;
    w *= 0.85;
  }
  for (auto r = a.rbegin(); r != a.rend(); ++r) s += 0.2 * (*r) * w;
  return s;
}

#define N 9
static double F(double *x) { return chain(x, N); }

int main() {
  double x[N] = {0.4, -0.3, 1.2, 0.9, -1.1, 0.25, 0.6, -0.45, 0.8}, dx[N] = {0};
  __enzyme_autodiff((void *)chain, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("std::list reverse", dx, F, x, N);
  for (int j = 0; j < N; j++) {
    double v[N] = {0};
    v[j] = 1.0;
    double d = __enzyme_fwddiff((void *)chain, enzyme_dup, x, v, enzyme_const, N);
    char label[64];
    snprintf(label, sizeof label, "std::list forward: d/dx[%d]", j);
    CHECK(label, d, ck_fd_partial(F, x, j));
  }
  return ck_done();
}
