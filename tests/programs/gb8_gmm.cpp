// TEST: a GradBench/ADBench-style GMM objective in C++ (my own code after the published problem definition): a class template over the scalar type holding the data as std::vector<double>, the inverse covariance factors packed as in ADBench's icf vector (d log-diagonal entries, then the strict lower triangle column by column), log-sum-exp over components per point, the log-sum-exp of the weights and the Wishart prior; a free wrapper on raw pointers and sizes copies into std::vector and is given to __enzyme_autodiff; gradient against finite differences, the dot-product test against forward mode
#include <algorithm>
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define D 3
#define K 3
#define NPTS 6
#define ICF (D + D * (D - 1) / 2)
#define NP (K + K * D + K * ICF)

template <typename T> static T log_sum_exp(const std::vector<T> &v) {
  T mx = *std::max_element(v.begin(), v.end());
  T s = 0;
  for (const T &e : v) s += std::exp(e - mx);
  return std::log(s) + mx;
}

template <typename T> class Gmm {
public:
  Gmm(int d, int k, const std::vector<double> &x, double gamma, int m) : d_(d), k_(k), x_(x), gamma_(gamma), m_(m) {}

  /* y = Q (x - mu) with Q lower triangular: exp(icf[0..d)) on the diagonal, icf[d..) below it */
  void q_times(const T *icf, const std::vector<T> &v, std::vector<T> &out) const {
    for (int i = 0; i < d_; i++) out[i] = std::exp(icf[i]) * v[i];
    int idx = d_;
    for (int j = 0; j < d_; j++)
      for (int i = j + 1; i < d_; i++) out[i] += icf[idx++] * v[j];
  }

  T objective(const std::vector<T> &alphas, const std::vector<T> &means, const std::vector<T> &icf) const {
    const int n = (int)x_.size() / d_, isz = d_ + d_ * (d_ - 1) / 2;
    std::vector<T> sum_qs(k_);
    for (int c = 0; c < k_; c++) {
      sum_qs[c] = 0;
      for (int i = 0; i < d_; i++) sum_qs[c] += icf[c * isz + i];
    }
    std::vector<T> diff(d_), qd(d_), main_term(k_);
    T total = 0;
    for (int p = 0; p < n; p++) {
      for (int c = 0; c < k_; c++) {
        for (int i = 0; i < d_; i++) diff[i] = x_[p * d_ + i] - means[c * d_ + i];
        q_times(&icf[c * isz], diff, qd);
        T sq = 0;
        for (T v : qd) sq += v * v;
        main_term[c] = alphas[c] + sum_qs[c] - 0.5 * sq;
      }
      total += log_sum_exp(main_term);
    }
    total -= n * log_sum_exp(alphas);
    return total + wishart(icf, sum_qs);
  }

private:
  T wishart(const std::vector<T> &icf, const std::vector<T> &sum_qs) const {
    const int isz = d_ + d_ * (d_ - 1) / 2;
    T out = 0;
    for (int c = 0; c < k_; c++) {
      T frob = 0;
      for (int i = 0; i < d_; i++) {
        T e = std::exp(icf[c * isz + i]);
        frob += e * e;
      }
      for (int i = d_; i < isz; i++) frob += icf[c * isz + i] * icf[c * isz + i];
      out += 0.5 * gamma_ * gamma_ * frob - m_ * sum_qs[c];
    }
    return out;
  }

  int d_, k_;
  const std::vector<double> &x_;
  double gamma_;
  int m_;
};

static std::vector<double> g_points;

/* What Enzyme users write: a free function on raw pointers and sizes. */
__attribute__((noinline)) static void gmm_wrapper(int d, int k, int n, const double *alphas, const double *means,
                                                  const double *icf, const double *x, double gamma, int m, double *err) {
  std::vector<double> xv(x, x + n * d);
  std::vector<double> a(alphas, alphas + k), mu(means, means + k * d), q(icf, icf + k * (d + d * (d - 1) / 2));
  Gmm<double> model(d, k, xv, gamma, m);
  *err = model.objective(a, mu, q);
}

static double F_gmm(double *th) {
  double e;
  gmm_wrapper(D, K, NPTS, th, th + K, th + K + K * D, g_points.data(), 1.3, 2, &e);
  return e;
}

int main() {
  for (int i = 0; i < NPTS * D; i++) g_points.push_back(std::sin(1.7 * i + 0.3) * 1.2);
  double th[NP], dth[NP] = {0}, v[NP];
  for (int i = 0; i < NP; i++) {
    th[i] = 0.45 * std::cos(0.9 * i + 0.2);
    v[i] = 0.3 * ((i * 5) % 7) - 0.8;
  }
  double err = 0.0, derr = 1.0;
  __enzyme_autodiff((void *)gmm_wrapper, enzyme_const, D, enzyme_const, K, enzyme_const, NPTS, enzyme_dup, th, dth,
                    enzyme_dup, th + K, dth + K, enzyme_dup, th + K + K * D, dth + K + K * D, enzyme_const,
                    g_points.data(), enzyme_const, 1.3, enzyme_const, 2, enzyme_dupnoneed, &err, &derr);
  ck_gradient("gmm objective", dth, F_gmm, th, NP);
  double e2 = 0.0, de2 = 0.0;
  __enzyme_fwddiff((void *)gmm_wrapper, enzyme_const, D, enzyme_const, K, enzyme_const, NPTS, enzyme_dup, th, v,
                   enzyme_dup, th + K, v + K, enzyme_dup, th + K + K * D, v + K + K * D, enzyme_const,
                   g_points.data(), enzyme_const, 1.3, enzyme_const, 2, enzyme_dup, &e2, &de2);
  CHECK("gmm: <grad, v> = Jv", ck_dot(dth, v, NP), de2);
  CHECK_PRIMAL("gmm: forward primal", e2, F_gmm(th));
  return ck_done();
}
