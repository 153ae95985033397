// TEST: forward mode through std::unordered_map<std::string, double> and std::unordered_map<int, double> built inside the differentiated function (string keys from literals), a std::map<std::string, double> of parameters (read with at, find and iteration) and a std::unordered_map<std::string, double> updated in place, both passed with enzyme_dup; every direction checked against finite differences
#include "include/stl_kernels.h"

int main() {
  double xp[SM_N + 2] = {0.4, -0.7, 1.1, 0.3, 1.3, -0.6};
  std::map<std::string, double> p = sm_params(xp[SM_N], xp[SM_N + 1]);
  for (int j = 0; j < SM_N + 2; j++) {
    double v[SM_N + 2] = {0};
    v[j] = 1.0;
    std::map<std::string, double> vp = sm_params(v[SM_N], v[SM_N + 1]);
    double d = __enzyme_fwddiff((void *)sm_objective, enzyme_dup, xp, v, enzyme_dup, &p, &vp);
    char label[64];
    snprintf(label, sizeof label, "string maps forward: d/dx[%d]", j);
    CHECK(label, d, ck_fd_partial(sm_flat, xp, j));
  }

  // up_update in place: each output's tangent along each input.
  double in[UP_N] = {0.8, -0.5, 1.4};
  for (int j = 0; j < UP_N; j++) {
    double u[UP_N] = {0};
    u[j] = 1.0;
    std::unordered_map<std::string, double> d = up_make(in), du = up_make(u);
    __enzyme_fwddiff((void *)up_update, enzyme_dup, &d, &du);
    for (int k = 0; k < 4; k++) {
      // Central difference of output k along input j.
      double h = ck_step(in[j]), x[UP_N];
      memcpy(x, in, sizeof x);
      x[j] = in[j] + h;
      std::unordered_map<std::string, double> a = up_make(x);
      up_update(a);
      x[j] = in[j] - h;
      std::unordered_map<std::string, double> b = up_make(x);
      up_update(b);
      double fd = (a[up_out[k]] - b[up_out[k]]) / (2.0 * h);
      char label[64];
      snprintf(label, sizeof label, "in-place map forward: d%s/din[%d]", up_out[k], j);
      CHECK(label, du[up_out[k]], fd);
    }
  }
  return ck_done();
}
