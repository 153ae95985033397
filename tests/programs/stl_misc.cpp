// TEST: forward mode through std::array, std::pair (structured bindings), std::tuple, std::sort of inactive ints (an index order by a constant key), std::unique_ptr<double[]> and a std::string used only as a label; every direction checked against finite differences
#include "include/stl_kernels.h"

int main() {
  double x[MI_N] = {0.6, -0.4, 1.2, 0.3, -0.9};
  for (int j = 0; j < MI_N; j++) {
    double v[MI_N] = {0};
    v[j] = 1.0;
    double d = __enzyme_fwddiff((void *)mi_model, enzyme_dup, x, v);
    char label[64];
    snprintf(label, sizeof label, "misc forward: d/dx[%d]", j);
    CHECK(label, d, ck_fd_partial(mi_flat, x, j));
  }
  return ck_done();
}
