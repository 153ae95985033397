// TEST: a GradBench/ADBench-style LSTM objective in C++ (my own code after the published problem definition): a two-layer LSTM as a class template over the scalar type, each layer a struct with a step member function over std::vector state and its gates held in a std::array, the input/output scaling by the extra parameters, a log-softmax loss against the next character of a one-hot-like sequence; a free wrapper on raw pointers and sizes copies the state into std::vector and is given to __enzyme_autodiff for the main and extra parameters; gradient against finite differences, the dot-product test against forward mode
#include <array>
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
}

#define L 2  /* layers */
#define B 3  /* hidden size = character size */
#define C 4  /* sequence length */
#define NMAIN (2 * L * 4 * B)
#define NEXTRA (3 * B)
#define NP (NMAIN + NEXTRA)

template <typename T> static T sigmoid(T x) { return 1.0 / (1.0 + std::exp(-x)); }

template <typename T> struct LstmLayer {
  const T *weight, *bias; /* 4*B each: forget, input gate, output gate, change */
  int b;

  void step(std::vector<T> &hidden, std::vector<T> &cell, const std::vector<T> &input) const {
    std::array<std::vector<T>, 4> g;
    for (auto &v : g) v.resize(b);
    for (int i = 0; i < b; i++) {
      g[0][i] = sigmoid(input[i] * weight[i] + bias[i]);
      g[1][i] = sigmoid(hidden[i] * weight[b + i] + bias[b + i]);
      g[2][i] = sigmoid(input[i] * weight[2 * b + i] + bias[2 * b + i]);
      g[3][i] = std::tanh(hidden[i] * weight[3 * b + i] + bias[3 * b + i]);
    }
    for (int i = 0; i < b; i++) {
      cell[i] = cell[i] * g[0][i] + g[1][i] * g[3][i];
      hidden[i] = g[2][i] * std::tanh(cell[i]);
    }
  }
};

template <typename T> class Lstm {
public:
  Lstm(int l, int b, const T *main_params, const T *extra) : b_(b), extra_(extra) {
    for (int i = 0; i < l; i++) layers_.push_back(LstmLayer<T>{main_params + 2 * i * 4 * b, main_params + (2 * i + 1) * 4 * b, b});
  }

  /* state: per layer, hidden then cell (2*l*b values) */
  std::vector<T> predict(std::vector<T> &state, const double *x) const {
    std::vector<T> cur(b_);
    for (int i = 0; i < b_; i++) cur[i] = x[i] * extra_[i];
    for (size_t l = 0; l < layers_.size(); l++) {
      std::vector<T> h(state.begin() + 2 * l * b_, state.begin() + (2 * l + 1) * b_);
      std::vector<T> c(state.begin() + (2 * l + 1) * b_, state.begin() + (2 * l + 2) * b_);
      layers_[l].step(h, c, cur);
      std::copy(h.begin(), h.end(), state.begin() + 2 * l * b_);
      std::copy(c.begin(), c.end(), state.begin() + (2 * l + 1) * b_);
      cur = h;
    }
    for (int i = 0; i < b_; i++) cur[i] = cur[i] * extra_[b_ + i] + extra_[2 * b_ + i];
    return cur;
  }

  T loss(std::vector<T> state, const std::vector<double> &seq, int c) const {
    T total = 0;
    for (int t = 0; t + 1 < c; t++) {
      std::vector<T> y = predict(state, &seq[t * b_]);
      T s = 0;
      for (T v : y) s += std::exp(v);
      T lse = std::log(s);
      for (int i = 0; i < b_; i++) total += seq[(t + 1) * b_ + i] * (y[i] - lse);
    }
    return -total / (double)((c - 1) * b_);
  }

private:
  int b_;
  const T *extra_;
  std::vector<LstmLayer<T>> layers_;
};

__attribute__((noinline)) static void lstm_wrapper(int l, int b, int c, const double *main_params, const double *extra,
                                                   const double *state, const double *seq, double *loss) {
  std::vector<double> st(state, state + 2 * l * b), sq(seq, seq + c * b);
  Lstm<double> net(l, b, main_params, extra);
  *loss = net.loss(st, sq, c);
}

static double g_state[2 * L * B], g_seq[C * B];

static double F_lstm(double *p) {
  double out;
  lstm_wrapper(L, B, C, p, p + NMAIN, g_state, g_seq, &out);
  return out;
}

int main() {
  for (int i = 0; i < 2 * L * B; i++) g_state[i] = 0.2 * std::sin(0.8 * i + 0.1);
  for (int t = 0; t < C; t++)
    for (int i = 0; i < B; i++) g_seq[t * B + i] = (i == (t * 2) % B) ? 0.8 : 0.1;
  double p[NP], dp[NP] = {0}, v[NP];
  for (int i = 0; i < NP; i++) {
    p[i] = 0.6 * std::cos(1.3 * i + 0.4);
    v[i] = 0.25 * ((i * 3) % 8) - 0.7;
  }
  double loss = 0.0, dloss = 1.0;
  __enzyme_autodiff((void *)lstm_wrapper, enzyme_const, L, enzyme_const, B, enzyme_const, C, enzyme_dup, p, dp,
                    enzyme_dup, p + NMAIN, dp + NMAIN, enzyme_const, g_state, enzyme_const, g_seq, enzyme_dupnoneed,
                    &loss, &dloss);
  ck_gradient("lstm loss", dp, F_lstm, p, NP);
  double l2 = 0.0, dl2 = 0.0;
  __enzyme_fwddiff((void *)lstm_wrapper, enzyme_const, L, enzyme_const, B, enzyme_const, C, enzyme_dup, p, v,
                   enzyme_dup, p + NMAIN, v + NMAIN, enzyme_const, g_state, enzyme_const, g_seq, enzyme_dup, &l2,
                   &dl2);
  CHECK("lstm: <grad, v> = Jv", ck_dot(dp, v, NP), dl2);
  CHECK_PRIMAL("lstm: forward primal", l2, F_lstm(p));
  return ck_done();
}
