// TEST: reverse mode through a std::map<std::string, double> built inside the differentiated function and copied (libstdc++'s recursive _M_copy of the red-black tree): keys made with std::to_string (short ones in the string's own buffer, long ones on the heap), values assigned and accumulated, read back by key, by iteration and by reverse iteration of the copy; gradient against finite differences and against forward mode (dot-product test)
// Type analysis took 9 s at -O0, 43 s at -O1 and -O2 and 92 s at -O3; since it starts again one pointer level shallower when its facts outgrow a budget, 1.4-5 s. The reverse gradient was wrong at every level (forward mode agreed with the finite differences): _M_clone_node sets each copied node's colour with a plain i32 store, which reverse mode did not mirror into the shadow node, so the shadow root stayed red and _Rb_tree_decrement called on it (rbegin's walk) took it for the header, visiting the wrong shadow node. Integer stores into shadowed memory are now mirrored (reverse/memory.rs, mirror_integer_store).
#include "../programs/include/stl_kernels.h"

#define MB_N 5

static double mb_model(const double *x, int n) {
  std::map<std::string, double> m;
  for (int i = 0; i < n; i++) {
    m["a" + std::to_string(i)] = x[i] * x[i];
    m["a_key_longer_than_fifteen_" + std::to_string(i % 3)] += sin(x[i]);
  }
  for (int i = 0; i + 1 < n; i++) m["b" + std::to_string(i)] = x[i] * x[i + 1];
  std::map<std::string, double> c = m;
  auto f = c.find("a0");
  double s = f != c.end() ? f->second : 0.0;
  for (const auto &kv : m) s = 0.9 * s + kv.second * kv.second;
  for (auto it = c.rbegin(); it != c.rend(); ++it) s += 0.1 * it->second;
  return s + m["a1"] * c["b" + std::to_string(n - 2)];
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
