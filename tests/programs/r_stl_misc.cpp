// TEST: reverse mode through std::array, std::pair (structured bindings), std::tuple, std::sort of inactive ints (an index order by a constant key), std::unique_ptr<double[]> and a std::string used only as a label; gradient against finite differences and against forward mode (dot-product test)
#include "include/stl_kernels.h"

int main() {
  double x[MI_N] = {0.6, -0.4, 1.2, 0.3, -0.9};
  double grad[MI_N] = {0};
  __enzyme_autodiff((void *)mi_model, enzyme_dup, x, grad);
  ck_gradient("misc reverse", grad, mi_flat, x, MI_N);

  double v[MI_N] = {0.5, -1.0, 0.25, 0.75, 0.1};
  double jv = __enzyme_fwddiff((void *)mi_model, enzyme_dup, x, v);
  double one = 1.0;
  ck_dot_test("misc", &one, &jv, 1, grad, v, MI_N);
  return ck_done();
}
