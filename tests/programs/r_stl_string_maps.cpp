// TEST: reverse mode through std::unordered_map<std::string, double> and std::unordered_map<int, double> built inside the differentiated function (string keys from literals, copied into the nodes beside their doubles), a std::map<std::string, double> of parameters (read with at, find and iteration) and a std::unordered_map<std::string, double> updated in place, both passed with enzyme_dup; gradients against finite differences and against forward mode (dot-product test)
#include "include/stl_kernels.h"

int main() {
  // sm_objective: gradient over x and the named parameters.
  double xp[SM_N + 2] = {0.4, -0.7, 1.1, 0.3, 1.3, -0.6};
  std::map<std::string, double> p = sm_params(xp[SM_N], xp[SM_N + 1]), dp = sm_params(0.0, 0.0);
  double grad[SM_N + 2] = {0};
  __enzyme_autodiff((void *)sm_objective, enzyme_dup, xp, grad, enzyme_dup, &p, &dp);
  grad[SM_N] = dp["scale"];
  grad[SM_N + 1] = dp["shift"];
  ck_gradient("string maps reverse", grad, sm_flat, xp, SM_N + 2);

  // Forward along v; <1, J v> = <J^T 1, v>.
  double v[SM_N + 2] = {0.3, -1.2, 0.5, 0.9, -0.4, 0.8};
  std::map<std::string, double> vp = sm_params(v[SM_N], v[SM_N + 1]);
  double jv = __enzyme_fwddiff((void *)sm_objective, enzyme_dup, xp, v, enzyme_dup, &p, &vp);
  double one = 1.0;
  ck_dot_test("string maps", &one, &jv, 1, grad, v, SM_N + 2);

  // up_update: in place, seeded with w on the outputs; the inputs' shadows get J^T w.
  double in[UP_N] = {0.8, -0.5, 1.4};
  double w[4] = {1.0, -0.5, 0.25, 2.0};
  std::unordered_map<std::string, double> d = up_make(in), dd;
  for (int k = 0; k < 4; k++) dd[up_out[k]] = w[k];
  __enzyme_autodiff((void *)up_update, enzyme_dup, &d, &dd);
  double jtw[UP_N];
  for (int i = 0; i < UP_N; i++) jtw[i] = dd[up_in[i]];
  // The objective <w, update(in)> for the finite differences.
  struct Weighted {
    static double f(double *x) {
      std::unordered_map<std::string, double> m = up_make(x);
      up_update(m);
      const double ws[4] = {1.0, -0.5, 0.25, 2.0};
      double s = 0.0;
      for (int k = 0; k < 4; k++) s += ws[k] * m[up_out[k]];
      return s;
    }
  };
  ck_gradient("in-place unordered_map reverse", jtw, Weighted::f, in, UP_N);
  CHECK("overwritten total keeps no adjoint", dd["total"], 0.0);

  // Forward along u: J u from the output map's tangents.
  double u[UP_N] = {0.6, 1.1, -0.3};
  std::unordered_map<std::string, double> d2 = up_make(in), du = up_make(u);
  du["total"] = 0.0;
  __enzyme_fwddiff((void *)up_update, enzyme_dup, &d2, &du);
  double ju[4];
  for (int k = 0; k < 4; k++) ju[k] = du[up_out[k]];
  ck_dot_test("in-place unordered_map", w, ju, 4, jtw, u, UP_N);
  return ck_done();
}
