// TEST: std::vector objects as the differentiated arguments themselves, as Enzyme's C++ users pass them (`__enzyme_autodiff((void *)f, enzyme_dup, &x, &dx)` with dx a zero vector of the same size), through a templated declaration of the marker: a GMM-like log-sum-exp objective taking `const std::vector<double> &`, a parameter struct of three std::vector members with a shadow struct of zero vectors, and a function writing into an output vector passed by reference (its shadow seeded with output weights); gradients against finite differences, the dot-product test against forward mode
#include <cmath>
#include <vector>

#include "include/ck_array.h"

template <typename Ret, typename... Args> Ret __enzyme_autodiff(Args...);
template <typename Ret, typename... Args> Ret __enzyme_fwddiff(Args...);

static double lse_objective(const std::vector<double> &x) {
  double mx = x[0];
  for (double v : x) mx = v > mx ? v : mx;
  double s = 0.0;
  for (double v : x) s += std::exp(v - mx);
  double r = std::log(s) + mx;
  for (size_t i = 0; i + 1 < x.size(); i++) r += 0.1 * x[i] * x[i + 1];
  return r;
}

struct Params {
  std::vector<double> alphas, means, icf;
};

static double params_objective(const Params &p, const std::vector<double> &data) {
  double total = 0.0;
  for (size_t i = 0; i < data.size(); i++) {
    double best = -1e300, s = 0.0;
    std::vector<double> terms(p.alphas.size());
    for (size_t k = 0; k < p.alphas.size(); k++) {
      double z = std::exp(p.icf[k]) * (data[i] - p.means[k]);
      terms[k] = p.alphas[k] + p.icf[k] - 0.5 * z * z;
      best = terms[k] > best ? terms[k] : best;
    }
    for (double t : terms) s += std::exp(t - best);
    total += std::log(s) + best;
  }
  return total;
}

static void map_outputs(const std::vector<double> &x, std::vector<double> &y) {
  for (size_t i = 0; i < y.size(); i++) y[i] = std::sin(x[i % x.size()]) * x[(i + 1) % x.size()] + 0.5 * x[i % x.size()];
}

#define N 5
#define K 3
static const std::vector<double> DATA = {0.3, -1.1, 0.8, 1.7, -0.2, 0.5};

static double F_lse(double *x) { return lse_objective(std::vector<double>(x, x + N)); }
static double F_params(double *x) {
  Params p{std::vector<double>(x, x + K), std::vector<double>(x + K, x + 2 * K), std::vector<double>(x + 2 * K, x + 3 * K)};
  return params_objective(p, DATA);
}
static const double WOUT[N + 2] = {0.7, -0.4, 1.2, 0.3, -0.9, 0.5, 0.8};
static double F_map(double *x) {
  std::vector<double> xv(x, x + N), y(N + 2);
  map_outputs(xv, y);
  return ck_dot(WOUT, y.data(), N + 2);
}

int main() {
  char label[120];
  std::vector<double> x(N), dx(N, 0.0), v(N);
  for (int i = 0; i < N; i++) x[i] = 0.5 * std::sin(1.3 * i + 0.2), v[i] = 0.3 * ((i * 4) % 7) - 0.9;
  __enzyme_autodiff<void>((void *)lse_objective, enzyme_dup, &x, &dx);
  ck_gradient("vector& argument", dx.data(), F_lse, x.data(), N);
  double jv = __enzyme_fwddiff<double>((void *)lse_objective, enzyme_dup, &x, &v);
  CHECK("vector& argument: <grad, v> = Jv", ck_dot(dx.data(), v.data(), N), jv);

  Params p{{0.2, -0.3, 0.5}, {0.1, 0.9, -0.7}, {0.05, -0.2, 0.3}};
  Params dp{std::vector<double>(K, 0.0), std::vector<double>(K, 0.0), std::vector<double>(K, 0.0)};
  __enzyme_autodiff<void>((void *)params_objective, enzyme_dup, &p, &dp, enzyme_const, &DATA);
  double flat[3 * K], dflat[3 * K], vflat[3 * K];
  for (int k = 0; k < K; k++) {
    flat[k] = p.alphas[k], flat[K + k] = p.means[k], flat[2 * K + k] = p.icf[k];
    dflat[k] = dp.alphas[k], dflat[K + k] = dp.means[k], dflat[2 * K + k] = dp.icf[k];
  }
  ck_gradient("struct of vectors", dflat, F_params, flat, 3 * K);
  Params tp{std::vector<double>(K), std::vector<double>(K), std::vector<double>(K)};
  for (int k = 0; k < K; k++) {
    vflat[k] = tp.alphas[k] = 0.2 * k - 0.3;
    vflat[K + k] = tp.means[k] = 0.5 - 0.25 * k;
    vflat[2 * K + k] = tp.icf[k] = 0.1 * k + 0.4;
  }
  double jv2 = __enzyme_fwddiff<double>((void *)params_objective, enzyme_dup, &p, &tp, enzyme_const, &DATA);
  CHECK("struct of vectors: <grad, v> = Jv", ck_dot(dflat, vflat, 3 * K), jv2);

  std::vector<double> y(N + 2), dy(WOUT, WOUT + N + 2), dx3(N, 0.0), yt(N + 2), jv3(N + 2);
  __enzyme_autodiff<void>((void *)map_outputs, enzyme_dup, &x, &dx3, enzyme_dup, &y, &dy);
  ck_gradient("output vector&", dx3.data(), F_map, x.data(), N);
  __enzyme_fwddiff<void>((void *)map_outputs, enzyme_dup, &x, &v, enzyme_dup, &yt, &jv3);
  snprintf(label, sizeof label, "output vector&");
  ck_dot_test(label, WOUT, jv3.data(), N + 2, dx3.data(), v.data(), N);
  return ck_done();
}
