// TEST: reverse mode through a class whose constructor builds a std::vector<std::vector<double>> (libstdc++'s __do_uninit_fill_n copies the inner vectors, their end pointers are begin plus a byte count): type analysis must finish
// Found by r_cpp_nested_vectors.cpp, reduced by hand. Type analysis did not finish here: the
// one `ptr null` of the constructor (the empty start of both the outer and the inner vectors'
// data) took the facts of both arrays and made them one, a {ptr, f64} conflict whose layers
// then grew with every round. Constants now take no facts from their uses; at -O0 the summaries
// of `std::vector<double>`'s methods also met the two contexts of `this` (a member of a struct,
// an element of the outer array), now kept apart (tests/fixtures/types/call_contexts_apart.cir).
#include <vector>

#include "../programs/include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);

struct Layer {
  Layer(const double *p, int nout, int nin) : w_(nout, std::vector<double>(nin)) {
    for (int i = 0; i < nout; i++)
      for (int j = 0; j < nin; j++) w_[i][j] = *p++;
  }
  std::vector<std::vector<double>> w_;
};

static double net(const double *par, const double *in) {
  Layer l1(par, 4, 3);
  double s = 0;
  for (std::size_t i = 0; i < l1.w_.size(); i++) {
    double t = 0;
    for (int j = 0; j < 3; j++) t += l1.w_[i][j] * in[j];
    s += t * t;
  }
  return s;
}

static double g_in[3] = {0.5, -1.0, 0.75};
static double F(double *p) { return net(p, g_in); }

int main() {
  double p[12], dp[12] = {0}, din[3] = {0};
  for (int i = 0; i < 12; i++) p[i] = 0.3 * i - 1.1;
  __enzyme_autodiff((void *)net, enzyme_dup, p, dp, enzyme_dup, g_in, din);
  ck_gradient("nested vector layer: d/dpar", dp, F, p, 12);
  return ck_done();
}
