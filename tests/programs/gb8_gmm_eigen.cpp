// TEST: the GMM objective written with Eigen 3 as C++ users write it (my own code after the published problem definition): the raw parameter arrays viewed through Eigen::Map, each component's inverse Cholesky factor Q built as a fixed-size lower-triangular Eigen::Matrix from the packed icf vector, Q * (x - mu) by a triangularView product, squaredNorm, log-sum-exp over an Eigen::Array (element loops); reverse mode against finite differences, the dot-product test against forward mode
// CFLAGS: -I/usr/include/eigen3
// LEVELS: O1,O2,O3
// (O0: Eigen's expression copies with untyped padding bytes, the open bug of tests/regressions/rev_cpp_eigen_dense_O0.cpp)
#include <Eigen/Dense>
#include <cmath>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define D 3
#define K 2
#define NPTS 5
#define ICF (D + D * (D - 1) / 2)
#define NP (K + K * D + K * ICF)

using Vec = Eigen::Matrix<double, D, 1>;
using Mat = Eigen::Matrix<double, D, D>;

static Mat make_q(const double *icf) {
  Mat q = Mat::Zero();
  for (int i = 0; i < D; i++) q(i, i) = std::exp(icf[i]);
  int idx = D;
  for (int j = 0; j < D; j++)
    for (int i = j + 1; i < D; i++) q(i, j) = icf[idx++];
  return q;
}

static double icf_sum(const double *icf) {
  double s = 0.0;
  for (int i = 0; i < D; i++) s += icf[i];
  return s;
}

static double lse(const Eigen::Array<double, Eigen::Dynamic, 1> &v) {
  double mx = v(0);
  for (Eigen::Index i = 1; i < v.size(); i++) mx = v(i) > mx ? v(i) : mx;
  /* scalar std::exp: Eigen's vectorised array exp() is refused (inline asm in its pexp:
     tests/regressions/gb8_eigen_array_exp_asm.cpp) */
  double s = 0.0;
  for (Eigen::Index i = 0; i < v.size(); i++) s += std::exp(v(i) - mx);
  return std::log(s) + mx;
}

__attribute__((noinline)) static double gmm_eigen(const double *alphas_p, const double *means_p, const double *icf_p,
                                                 const double *x_p, int n, double gamma, int m) {
  Eigen::Map<const Eigen::VectorXd> alphas(alphas_p, K);
  Eigen::Map<const Eigen::Matrix<double, D, Eigen::Dynamic>> means(means_p, D, K), x(x_p, D, n);
  Eigen::Array<double, Eigen::Dynamic, 1> terms(K);
  double total = 0.0, prior = 0.0;
  for (int p = 0; p < n; p++) {
    for (int k = 0; k < K; k++) {
      Mat q = make_q(icf_p + k * ICF);
      Vec diff = x.col(p) - means.col(k);
      Vec y = q.triangularView<Eigen::Lower>() * diff;
      terms(k) = alphas(k) + icf_sum(icf_p + k * ICF) - 0.5 * y.squaredNorm();
    }
    total += lse(terms);
  }
  total -= n * lse(alphas.array());
  for (int k = 0; k < K; k++) {
    Mat q = make_q(icf_p + k * ICF);
    prior += 0.5 * gamma * gamma * q.squaredNorm() - m * icf_sum(icf_p + k * ICF);
  }
  return total + prior;
}

static double g_x[D * NPTS];
static double F(double *th) { return gmm_eigen(th, th + K, th + K + K * D, g_x, NPTS, 1.2, 1); }

int main() {
  for (int i = 0; i < D * NPTS; i++) g_x[i] = 1.1 * std::sin(1.9 * i + 0.5);
  double th[NP], dth[NP] = {0}, v[NP];
  for (int i = 0; i < NP; i++) th[i] = 0.4 * std::cos(0.8 * i + 0.1), v[i] = 0.3 * ((i * 5) % 7) - 0.8;
  __enzyme_autodiff((void *)gmm_eigen, enzyme_dup, th, dth, enzyme_dup, th + K, dth + K, enzyme_dup, th + K + K * D,
                    dth + K + K * D, enzyme_const, g_x, enzyme_const, NPTS, enzyme_const, 1.2, enzyme_const, 1);
  ck_gradient("gmm with Eigen", dth, F, th, NP);
  double jv = __enzyme_fwddiff((void *)gmm_eigen, enzyme_dup, th, v, enzyme_dup, th + K, v + K, enzyme_dup,
                               th + K + K * D, v + K + K * D, enzyme_const, g_x, enzyme_const, NPTS, enzyme_const, 1.2,
                               enzyme_const, 1);
  CHECK("gmm with Eigen: <grad, v> = Jv", ck_dot(dth, v, NP), jv);
  return ck_done();
}
