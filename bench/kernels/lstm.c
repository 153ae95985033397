/* ADBench's LSTM objective: l = 2 layers with diagonal weights over c = 1024 characters of
 * b = 14 bits; the tangent of the loss along one direction in all main and extra parameters.
 * With GRADIENT defined (lstm_grad.c), the reverse-mode gradient w.r.t. all main and extra
 * parameters instead. */
#include <math.h>
#include <string.h>

#include "../bench.h"

#ifndef LSTM_L
#define LSTM_L 2
#define LSTM_C 1024
#endif
enum { L = LSTM_L, C = LSTM_C, B = 14 };
#ifdef GRADIENT
const char *kernel_name = "lstm_grad";
#else
const char *kernel_name = "lstm";
#endif

static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

static double logsumexp(const double *v, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += exp(v[i]);
  return log(s + 2.0);
}

/* One LSTM cell; weight and bias hold the four gates' parameters, B each. */
static void lstm_model(const double *weight, const double *bias, double *hidden, double *cell,
                       const double *input) {
  double gates[4 * B];
  for (int i = 0; i < B; i++) {
    gates[i] = sigmoid(input[i] * weight[i] + bias[i]);
    gates[B + i] = sigmoid(hidden[i] * weight[B + i] + bias[B + i]);
    gates[2 * B + i] = sigmoid(input[i] * weight[2 * B + i] + bias[2 * B + i]);
    gates[3 * B + i] = tanh(hidden[i] * weight[3 * B + i] + bias[3 * B + i]);
  }
  for (int i = 0; i < B; i++) {
    cell[i] = cell[i] * gates[i] + gates[B + i] * gates[3 * B + i];
    hidden[i] = gates[2 * B + i] * tanh(cell[i]);
  }
}

static void lstm_predict(const double *w, const double *w2, double *s, const double *x, double *x2) {
  for (int i = 0; i < B; i++) x2[i] = x[i] * w2[i];
  const double *xp = x2;
  for (int l = 0; l < L; l++) {
    lstm_model(&w[l * 8 * B], &w[(l * 8 + 4) * B], &s[2 * l * B], &s[(2 * l + 1) * B], xp);
    xp = &s[2 * l * B];
  }
  for (int i = 0; i < B; i++) x2[i] = xp[i] * w2[B + i] + w2[2 * B + i];
}

double lstm_objective(const double *main_params, const double *extra_params, double *state,
                      const double *sequence) {
  double total = 0.0, ypred[B], ynorm[B];
  for (int t = 0; t < C - 1; t++) {
    lstm_predict(main_params, extra_params, state, &sequence[t * B], ypred);
    double lse = logsumexp(ypred, B);
    for (int i = 0; i < B; i++) ynorm[i] = ypred[i] - lse;
    for (int i = 0; i < B; i++) total += sequence[(t + 1) * B + i] * ynorm[i];
  }
  return -total / ((C - 1) * B);
}

static double main_params[2 * L * 4 * B], extra_params[3 * B], state0[2 * L * B], state[2 * L * B];
static double sequence[C * B], dmain[2 * L * 4 * B], dextra[3 * B];
double dstate[2 * L * B], result, dresult; /* external: stores to them are not dead */

static double uniform(unsigned *s) {
  *s = *s * 1664525u + 1013904223u;
  return (double)(*s >> 8) / (double)(1u << 24);
}

#ifdef GRADIENT
static void fill_directions(void);
#endif

void kernel_init(void) {
  unsigned s = 777u;
  for (int i = 0; i < 2 * L * 4 * B; i++) main_params[i] = uniform(&s) - 0.5, dmain[i] = uniform(&s);
  for (int i = 0; i < 3 * B; i++) extra_params[i] = uniform(&s) - 0.5, dextra[i] = uniform(&s);
  for (int i = 0; i < 2 * L * B; i++) state0[i] = uniform(&s) - 0.5;
  for (int i = 0; i < C * B; i++) sequence[i] = uniform(&s) < 0.3 ? 1.0 : 0.0;
#ifdef GRADIENT
  fill_directions();
#endif
}

BENCH_ENTRY void kernel_primal(void) {
  memcpy(state, state0, sizeof state);
  result = lstm_objective(main_params, extra_params, state, sequence);
}

#ifdef GRADIENT
static double gmain[2 * L * 4 * B], gextra[3 * B];
static const struct bench_array inputs[] = {{main_params, gmain, 2 * L * 4 * B}, {extra_params, gextra, 3 * B}};
enum { NIN = sizeof inputs / sizeof inputs[0] };

BENCH_ENTRY void kernel_tangent(void) {
  memcpy(state, state0, sizeof state);
  memset(dstate, 0, sizeof dstate);
  gradient_zero(inputs, NIN);
  __enzyme_autodiff((void *)lstm_objective, enzyme_dup, main_params, gmain, enzyme_dup, extra_params, gextra,
                    enzyme_dup, state, dstate, enzyme_const, sequence);
}

/* Forward mode: tangents along 8 fixed directions (bench/gradient.c's direction_fill); the
 * state's tangents start at zero. */
static double t_main[8][2 * L * 4 * B], t_extra[8][3 * B], t_state[8][2 * L * B], tangents[8];
static int last_width;
static double *const dirs[8 * NIN] = {t_main[0], t_extra[0], t_main[1], t_extra[1], t_main[2], t_extra[2],
                                      t_main[3], t_extra[3], t_main[4], t_extra[4], t_main[5], t_extra[5],
                                      t_main[6], t_extra[6], t_main[7], t_extra[7]};
static void fill_directions(void) { direction_fill(inputs, NIN, dirs); }

BENCH_ENTRY void kernel_forward1(void) {
  last_width = 1;
  memcpy(state, state0, sizeof state);
  memset(t_state[0], 0, sizeof t_state[0]);
  tangents[0] = __enzyme_fwddiff_d((void *)lstm_objective, enzyme_dup, main_params, t_main[0], enzyme_dup,
                                   extra_params, t_extra[0], enzyme_dup, state, t_state[0], enzyme_const, sequence);
}

BENCH_ENTRY void kernel_forward8(void) {
  last_width = 8;
  memcpy(state, state0, sizeof state);
  memset(t_state, 0, sizeof t_state);
  bench_w8 t = __enzyme_fwddiff_w8((void *)lstm_objective, enzyme_width, 8, enzyme_dup, main_params, LANES8(t_main),
                                   enzyme_dup, extra_params, LANES8(t_extra), enzyme_dup, state, LANES8(t_state),
                                   enzyme_const, sequence);
  for (int l = 0; l < 8; l++) tangents[l] = t.d[l];
}

int kernel_forward_results(double *out, int max) {
  int n = 0;
  for (; n < last_width && n < max; n++) out[n] = tangents[n];
  return n;
}
int kernel_forward_expected(int width, double *out, int max) { return direction_dots(inputs, NIN, dirs, width, out, max); }

void kernel_dump(void) {
  double dims[3] = {L, C, B};
  dump_array("dims", dims, 3);
  dump_array("main_params", main_params, 2 * L * 4 * B);
  dump_array("extra_params", extra_params, 3 * B);
  dump_array("state0", state0, 2 * L * B);
  dump_array("sequence", sequence, C * B);
}

static double value(void) {
  memcpy(state, state0, sizeof state);
  return lstm_objective(main_params, extra_params, state, sequence);
}
int kernel_results(double *out, int max) { return gradient_sample(inputs, NIN, out, max); }
int kernel_fd(double *out, int max) { return gradient_fd(inputs, NIN, value, out, max); }
double kernel_fd_cost(void) { return gradient_fd_cost(inputs, NIN); }
#else
BENCH_ENTRY void kernel_tangent(void) {
  memcpy(state, state0, sizeof state);
  memset(dstate, 0, sizeof dstate);
  dresult = __enzyme_fwddiff_d((void *)lstm_objective, enzyme_dup, main_params, dmain, enzyme_dup, extra_params,
                               dextra, enzyme_dup, state, dstate, enzyme_const, sequence);
}

int kernel_results(double *out, int max) {
  if (max < 1) return 0;
  out[0] = dresult;
  return 1;
}
#endif
