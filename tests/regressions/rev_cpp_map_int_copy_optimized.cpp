// TEST: reverse mode through a std::map<int, double> built and copied inside the differentiated function, the copy walked backwards: right at -O0 (the copied nodes' colours are mirrored into the shadow tree), refused at -O1..-O3
// KNOWN-BUG: cannot tell what bytes
// Open: optimized, _M_clone_node copies the node's pair<const int, double> with one 16-byte
// memcpy, and type analysis finds more than one kind in bytes 8..12 of it (the double), so the
// copy is refused. (map<std::string, double> copies get through: r_cpp_map_copy.cpp.)
#include <cmath>
#include <map>

#include "../programs/include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);

#define N 5

static double model(const double *x, int n) {
  std::map<int, double> m;
  for (int i = 0; i < n; i++) m[i] = x[i] * x[i];
  std::map<int, double> c = m;
  double s = 0.0;
  for (auto it = c.rbegin(); it != c.rend(); ++it) s = 0.5 * s + it->second;
  return s;
}

static double flat(double *x) { return model(x, N); }

int main() {
  double x[N] = {0.7, -0.4, 1.3, 0.25, -1.1};
  double grad[N] = {0};
  __enzyme_autodiff((void *)model, enzyme_dup, x, grad, enzyme_const, N);
  ck_gradient("map<int,double> copied, walked backwards", grad, flat, x, N);
  return ck_done();
}
