// TEST: forward mode through a copy of a std::map<int, double> passed with enzyme_dup, made inside the differentiated function (the copy clones node colours and links, its shadow from the shadow map), then grown and shrunk: the tree helpers rebalance the shadow copy as they rebalance the primal copy only if the shadow holds the same colours, which a tangent per key checks
#include <map>

#include "include/ck_array.h"

extern "C" double __enzyme_fwddiff(void *, ...);
static double g(const std::map<int, double> *m, double y) {
  std::map<int, double> c = *m;
  for (int i = 0; i < 12; i++) c[100 + i] = y * i;
  c.erase(3); c.erase(6);
  double s = 0, w = 1;
  for (auto &kv : c) { s += w * kv.second * kv.second; w *= 0.9; }
  return s;
}
#define N 10
static double F(double *x) { std::map<int,double> m; for (int i = 0; i < N - 1; i++) m[i * 3 % 17] = x[i]; return g(&m, x[N-1]); }
int main() {
  double x[N] = {0.4, -0.3, 1.2, 0.9, -1.1, 0.25, 0.6, -0.45, 0.8, 0.7};
  std::map<int,double> m; for (int i = 0; i < N - 1; i++) m[i * 3 % 17] = x[i];
  for (int j = 0; j < N; j++) {
    std::map<int,double> t; for (int i = 0; i < N - 1; i++) t[i * 3 % 17] = i == j;
    double d = __enzyme_fwddiff((void *)g, enzyme_dup, &m, &t, x[N-1], (double)(j == N - 1));
    char label[48];
    snprintf(label, sizeof label, "std::map copy: d/dx[%d]", j);
    CHECK(label, d, ck_fd_partial(F, x, j));
  }
  return ck_done();
}
