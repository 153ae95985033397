// TEST: reverse mode through std::vector<std::vector<double>>, push_back and resize inside the differentiated function, std::inner_product, std::accumulate with a lambda, a vector copy, and a std::vector<double> of coefficients passed with enzyme_dup (its shadow a vector of the same size); gradients against finite differences and against forward mode (dot-product test)
#include "include/stl_kernels.h"

int main() {
  double xc[2 * VE_N] = {0.5, -0.3, 0.8, 0.2, 1.1, 0.7, -0.4, 0.9};
  std::vector<double> c(xc + VE_N, xc + 2 * VE_N), dc(VE_N, 0.0);
  double grad[2 * VE_N] = {0};
  __enzyme_autodiff((void *)ve_model, enzyme_dup, xc, grad, enzyme_dup, &c, &dc);
  for (int i = 0; i < VE_N; i++) grad[VE_N + i] = dc[i];
  ck_gradient("vectors reverse", grad, ve_flat, xc, 2 * VE_N);

  double v[2 * VE_N] = {0.2, 1.0, -0.6, 0.4, -0.9, 0.3, 0.5, -0.1};
  std::vector<double> vc(v + VE_N, v + 2 * VE_N);
  double jv = __enzyme_fwddiff((void *)ve_model, enzyme_dup, xc, v, enzyme_dup, &c, &vc);
  double one = 1.0;
  ck_dot_test("vectors", &one, &jv, 1, grad, v, 2 * VE_N);
  return ck_done();
}
