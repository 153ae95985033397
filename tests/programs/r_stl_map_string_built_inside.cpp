// TEST: reverse mode through a std::map<std::string, double> built (inserted into) inside the differentiated function: keys made with std::to_string, values from the active inputs, then read back by iteration and by key; gradient against finite differences and against forward mode (dot-product test). At -O0 type analysis took 4.3 s before it learnt to start again one pointer level shallower when its facts outgrow a budget; now 1.7 s
#include "include/stl_kernels.h"

#define MB_N 5

static double mb_model(const double *x, int n) {
  std::map<std::string, double> m;
  for (int i = 0; i < n; i++) m["a" + std::to_string(i)] = x[i] * x[i];
  for (int i = 0; i + 1 < n; i++) m["b" + std::to_string(i)] = sin(x[i]) * x[i + 1];
  double s = 0.0;
  for (const auto &kv : m) s = 0.9 * s + kv.second;
  return s + m["a0"] * m["b" + std::to_string(n - 2)];
}

static double mb_flat(double *x) { return mb_model(x, MB_N); }

int main() {
  double x[MB_N] = {0.7, -0.4, 1.3, 0.25, -1.1};
  double grad[MB_N] = {0};
  __enzyme_autodiff((void *)mb_model, enzyme_dup, x, grad, enzyme_const, MB_N);
  ck_gradient("map built inside reverse", grad, mb_flat, x, MB_N);

  double v[MB_N] = {0.5, -1.0, 0.25, 0.75, 0.1};
  double jv = __enzyme_fwddiff((void *)mb_model, enzyme_dup, x, v, enzyme_const, MB_N);
  double one = 1.0;
  ck_dot_test("map built inside", &one, &jv, 1, grad, v, MB_N);
  return ck_done();
}
