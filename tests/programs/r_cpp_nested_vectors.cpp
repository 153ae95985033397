// TEST: reverse and forward mode through C++ containers users write: a layer class holding std::vector<std::vector<double>> weights built inside the differentiated function from a flat parameter array, std::inner_product and std::accumulate with a lambda, std::max_element picking an active value, std::sort of an index vector by active keys (a comparator lambda capturing the data), a polymorphic activation held by std::unique_ptr<Base> with a virtual destructor, and std::vector<double> returned by value from a helper; gradients against finite differences, reverse against forward
#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

struct Activation {
  virtual ~Activation() {}
  virtual double operator()(double x) const = 0;
};
struct SoftPlus : Activation {
  double beta;
  explicit SoftPlus(double b) : beta(b) {}
  double operator()(double x) const override { return std::log1p(std::exp(beta * x)) / beta; }
};
struct Tanh : Activation {
  double operator()(double x) const override { return std::tanh(x); }
};

class Layer {
 public:
  Layer(const double *p, int nout, int nin) : w_(nout, std::vector<double>(nin)), b_(nout) {
    for (int i = 0; i < nout; i++) {
      for (int j = 0; j < nin; j++) w_[i][j] = *p++;
      b_[i] = *p++;
    }
  }
  std::vector<double> apply(const std::vector<double> &x, const Activation &act) const {
    std::vector<double> y;
    y.reserve(w_.size());
    for (size_t i = 0; i < w_.size(); i++)
      y.push_back(act(std::inner_product(w_[i].begin(), w_[i].end(), x.begin(), b_[i])));
    return y;
  }
  static int size(int nout, int nin) { return nout * (nin + 1); }

 private:
  std::vector<std::vector<double>> w_;
  std::vector<double> b_;
};

constexpr int NI = 3, NH = 4, NO = 3;
constexpr int NPAR = NH * (NI + 1) + NO * (NH + 1);

static double net(const double *par, const double *in) {
  Layer l1(par, NH, NI), l2(par + Layer::size(NH, NI), NO, NH);
  std::unique_ptr<Activation> a1(new SoftPlus(1.5));
  std::unique_ptr<Activation> a2(new Tanh());
  std::vector<double> x(in, in + NI);
  std::vector<double> h = l1.apply(x, *a1);
  std::vector<double> o = l2.apply(h, *a2);
  double top = *std::max_element(o.begin(), o.end());
  double sumsq = std::accumulate(o.begin(), o.end(), 0.0, [](double acc, double v) { return acc + v * v; });
  return top + 0.5 * sumsq;
}

/* rank-weighted sum: sort indices by key, weight value i by its rank */
static double rank_weighted(const double *key, const double *val, int n) {
  std::vector<int> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [key](int a, int b) { return key[a] < key[b]; });
  double s = 0.0;
  for (int r = 0; r < n; r++) s += (r + 1) * val[idx[r]] * key[idx[r]];
  return s;
}

static double g_par[NPAR], g_in[NI];
static double F_par(double *p) { return net(p, g_in); }
static double F_in(double *x) { return net(g_par, x); }
constexpr int NR = 7;
static double g_key[NR], g_val[NR];
static double F_key(double *k) { return rank_weighted(k, g_val, NR); }
static double F_val(double *v) { return rank_weighted(g_key, v, NR); }

int main() {
  double par[NPAR], in[NI] = {0.4, -0.8, 1.1};
  for (int i = 0; i < NPAR; i++) par[i] = 0.5 * std::sin(0.9 * i + 0.3);
  std::copy(par, par + NPAR, g_par);
  std::copy(in, in + NI, g_in);
  double dpar[NPAR] = {0}, din[NI] = {0};
  __enzyme_autodiff((void *)net, enzyme_dup, par, dpar, enzyme_dup, in, din);
  ck_gradient("nested-vector net: d/dpar", dpar, F_par, par, NPAR);
  ck_gradient("nested-vector net: d/din", din, F_in, in, NI);
  double vp[NPAR], vi[NI] = {0.3, 1.0, -0.6};
  for (int i = 0; i < NPAR; i++) vp[i] = 0.1 * ((i * 3) % 7) - 0.3;
  double jv = __enzyme_fwddiff((void *)net, enzyme_dup, par, vp, enzyme_dup, in, vi);
  CHECK("nested-vector net: <grad, v> = Jv", ck_dot(dpar, vp, NPAR) + ck_dot(din, vi, NI), jv);

  double key[NR] = {0.3, -1.2, 2.2, 0.75, -0.4, 1.6, 0.05}, val[NR] = {1.0, 0.5, -0.7, 1.3, 0.2, -1.1, 0.9};
  std::copy(key, key + NR, g_key);
  std::copy(val, val + NR, g_val);
  double dkey[NR] = {0}, dval[NR] = {0};
  __enzyme_autodiff((void *)rank_weighted, enzyme_dup, key, dkey, enzyme_dup, val, dval, enzyme_const, NR);
  ck_gradient("sorted indices: d/dkey", dkey, F_key, key, NR);
  ck_gradient("sorted indices: d/dval", dval, F_val, val, NR);
  return ck_done();
}
