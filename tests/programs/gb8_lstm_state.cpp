// TEST: an LSTM cell sequence in C++ templated over the scalar type (my own code): the state array is an active in/out argument updated in place step by step (the initial state's values are overwritten, so reverse mode must keep them), gates in a std::array<T, 4> per unit, weights read through a small struct of pointers; instantiated for double (gradient of a loss of the final state and outputs with respect to the weights and the initial state against finite differences, the dot-product test against forward mode) and for float (reverse mode against the double finite differences within float tolerance)
#include <array>
#include <cmath>
#include <vector>

#include "include/ck_array.h"

extern "C" {
void __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);
}

#define B 3
#define STEPS 4
#define NW (4 * B * 3) /* per gate: input weight, hidden weight, bias */
#define NS (2 * B)

template <typename T> static T sigm(T x) { return T(1) / (T(1) + std::exp(-x)); }

template <typename T> struct Weights {
  const T *w;
  T in(int g, int i) const { return w[(g * 3 + 0) * B + i]; }
  T hid(int g, int i) const { return w[(g * 3 + 1) * B + i]; }
  T bias(int g, int i) const { return w[(g * 3 + 2) * B + i]; }
};

/* state = [hidden(B), cell(B)], updated in place; loss written to *out */
template <typename T> __attribute__((noinline)) void lstm_run(const T *w, T *state, const T *inputs, T *out) {
  Weights<T> W{w};
  T loss = 0;
  for (int t = 0; t < STEPS; t++) {
    std::vector<std::array<T, 4>> g(B);
    for (int i = 0; i < B; i++)
      for (int k = 0; k < 4; k++) {
        T a = W.in(k, i) * inputs[t * B + i] + W.hid(k, i) * state[(i + 1) % B] + W.bias(k, i);
        g[i][k] = k == 3 ? std::tanh(a) : sigm(a);
      }
    for (int i = 0; i < B; i++) {
      state[B + i] = state[B + i] * g[i][0] + g[i][1] * g[i][3];
      state[i] = g[i][2] * std::tanh(state[B + i]);
    }
    for (int i = 0; i < B; i++) loss += (state[i] - inputs[((t + 1) % STEPS) * B + i]) * (state[i] - inputs[((t + 1) % STEPS) * B + i]);
  }
  *out = loss;
}

static double g_inputs[STEPS * B];
static const double WS[NS] = {0.3, -0.5, 0.8, 0.2, -0.4, 0.6};

/* objective of all inputs (weights then initial state): loss + <WS, final state> */
static double F(double *p) {
  double s[NS], out;
  for (int i = 0; i < NS; i++) s[i] = p[NW + i];
  lstm_run<double>(p, s, g_inputs, &out);
  return out + ck_dot(WS, s, NS);
}

int main() {
  for (int i = 0; i < STEPS * B; i++) g_inputs[i] = 0.7 * std::sin(1.3 * i + 0.2);
  double p[NW + NS], v[NW + NS];
  for (int i = 0; i < NW + NS; i++) p[i] = 0.5 * std::cos(0.9 * i + 0.4), v[i] = 0.2 * ((i * 5) % 9) - 0.8;

  /* double, reverse: the state's shadow is seeded with WS (final state) and receives the initial state's gradient */
  double dp[NW + NS] = {0}, state[NS], out = 0.0, dout = 1.0;
  for (int i = 0; i < NS; i++) state[i] = p[NW + i], dp[NW + i] = WS[i];
  __enzyme_autodiff((void *)lstm_run<double>, enzyme_dup, p, dp, enzyme_dup, state, dp + NW, enzyme_const, g_inputs,
                    enzyme_dupnoneed, &out, &dout);
  ck_gradient("lstm in-place state (double)", dp, F, p, NW + NS);

  /* double, forward along v; the tangent of the final state is in vs */
  double st2[NS], vs[NS], o2, do2;
  for (int i = 0; i < NS; i++) st2[i] = p[NW + i], vs[i] = v[NW + i];
  __enzyme_fwddiff((void *)lstm_run<double>, enzyme_dup, p, v, enzyme_dup, st2, vs, enzyme_const, g_inputs, enzyme_dup,
                   &o2, &do2);
  CHECK("lstm in-place state: <grad, v> = Jv", ck_dot(dp, v, NW + NS), do2 + ck_dot(WS, vs, NS));

  /* float instantiation, reverse */
  float pf[NW + NS], dpf[NW + NS] = {0}, sf[NS], inf[STEPS * B], of = 0.0f, dof = 1.0f;
  for (int i = 0; i < NW + NS; i++) pf[i] = (float)p[i];
  for (int i = 0; i < STEPS * B; i++) inf[i] = (float)g_inputs[i];
  for (int i = 0; i < NS; i++) sf[i] = pf[NW + i], dpf[NW + i] = (float)WS[i];
  __enzyme_autodiff((void *)lstm_run<float>, enzyme_dup, pf, dpf, enzyme_dup, sf, dpf + NW, enzyme_const, inf,
                    enzyme_dupnoneed, &of, &dof);
  /* the double reference at the float-rounded point */
  double pr[NW + NS];
  for (int i = 0; i < NW + NS; i++) pr[i] = (double)pf[i];
  for (int i = 0; i < STEPS * B; i++) g_inputs[i] = (double)inf[i];
  char label[80];
  for (int i = 0; i < NW + NS; i++) {
    snprintf(label, sizeof label, "lstm in-place state (float): d/dx[%d]", i);
    CHECK_F32(label, dpf[i], ck_fd_partial(F, pr, i));
  }
  return ck_done();
}
