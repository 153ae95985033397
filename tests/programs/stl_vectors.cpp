// TEST: forward mode through std::vector<std::vector<double>>, push_back and resize inside the differentiated function, std::inner_product, std::accumulate with a lambda, a vector copy, and a std::vector<double> of coefficients passed with enzyme_dup; every direction checked against finite differences
#include "include/stl_kernels.h"

int main() {
  double xc[2 * VE_N] = {0.5, -0.3, 0.8, 0.2, 1.1, 0.7, -0.4, 0.9};
  std::vector<double> c(xc + VE_N, xc + 2 * VE_N);
  for (int j = 0; j < 2 * VE_N; j++) {
    double v[2 * VE_N] = {0};
    v[j] = 1.0;
    std::vector<double> vc(v + VE_N, v + 2 * VE_N);
    double d = __enzyme_fwddiff((void *)ve_model, enzyme_dup, xc, v, enzyme_dup, &c, &vc);
    char label[64];
    snprintf(label, sizeof label, "vectors forward: d/dx[%d]", j);
    CHECK(label, d, ck_fd_partial(ve_flat, xc, j));
  }
  return ck_done();
}
