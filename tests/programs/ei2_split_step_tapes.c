// TEST: split mode as a user's hand-written time loop: each step of a nonlinear map is run by __enzyme_augmentfwd into its own caller-owned tape (a heap array of tapes sized by __enzyme_augmentsize) or its own default tape, the states kept by the caller, then __enzyme_reverse walks the steps backwards carrying the adjoint state; a void in-place step (enzyme_dup state) and a step returning a scalar loss contribution, checked against finite differences of the whole trajectory and against forward mode (dot-product test)
#include "include/ck_array.h"
#include "include/ck_split.h"

void __enzyme_augmentfwd_v(void *, ...) __asm__("__enzyme_augmentfwd");
void *__enzyme_augmentfwd_t(void *, ...) __asm__("__enzyme_augmentfwd");
ck_aug __enzyme_augmentfwd_d(void *, ...) __asm__("__enzyme_augmentfwd");
void __enzyme_reverse_v(void *, ...) __asm__("__enzyme_reverse");
double __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff_v(void *, ...) __asm__("__enzyme_fwddiff");

#define D 4
#define STEPS 6

/* one step of a nonlinear map, in place; the parameter p is constant */
static void step(double *s, double p) {
  double t[D];
  for (int i = 0; i < D; i++) t[i] = s[i] + 0.1 * sin(s[(i + 1) % D] * p) * s[i];
  for (int i = 0; i < D; i++) s[i] = t[i] - 0.05 * t[(i + D - 1) % D] * t[(i + D - 1) % D];
}

/* a loss contribution read from the state */
static double loss(const double *s) {
  double l = 0.0;
  for (int i = 0; i < D; i++) l += s[i] * s[i] * (i + 1);
  return log(1.0 + l);
}

static double P = 1.3;

static double trajectory(double *s0) {
  double s[D];
  memcpy(s, s0, sizeof s);
  double total = 0.0;
  for (int k = 0; k < STEPS; k++) {
    step(s, P);
    total += loss(s);
  }
  return total;
}

static void traj_state(double *s, double *total) {
  *total = 0.0;
  for (int k = 0; k < STEPS; k++) {
    step(s, P);
    *total += loss(s);
  }
}

int main(void) {
  double s0[D] = {0.4, -0.7, 0.9, 0.2};
  int size = __enzyme_augmentsize((void *)step, enzyme_dup, enzyme_const);
  char *tapes = malloc((size_t)(size > 0 ? size : 1) * STEPS);
  void *ltapes[STEPS];
  double states[STEPS + 1][D], shadows[STEPS + 1][D];
  memset(shadows, 0, sizeof shadows);
  memcpy(states[0], s0, sizeof states[0]);
  /* forward: each step augments a copy of the previous state; its shadow buffer is its own */
  for (int k = 0; k < STEPS; k++) {
    memcpy(states[k + 1], states[k], sizeof states[k]);
    __enzyme_augmentfwd_v((void *)step, enzyme_allocated, size, enzyme_tape, tapes + (size_t)k * size, enzyme_dup,
                          states[k + 1], shadows[k + 1], enzyme_const, P);
    ck_aug a = __enzyme_augmentfwd_d((void *)loss, enzyme_dup, states[k + 1], shadows[k + 1]);
    ltapes[k] = a.tape;
  }
  /* reverse: loss then step, last step first; the adjoint state moves back one slot per step */
  for (int k = STEPS - 1; k >= 0; k--) {
    __enzyme_reverse_v((void *)loss, enzyme_dup, states[k + 1], shadows[k + 1], 1.0, ltapes[k]);
    __enzyme_reverse_v((void *)step, enzyme_allocated, size, enzyme_tape, tapes + (size_t)k * size, enzyme_dup,
                       states[k + 1], shadows[k + 1], enzyme_const, P);
    for (int i = 0; i < D; i++) shadows[k][i] += shadows[k + 1][i];
  }
  free(tapes);
  ck_gradient("split steps, caller tapes", shadows[0], trajectory, s0, D);

  double g[D] = {0};
  __enzyme_autodiff((void *)trajectory, enzyme_dup, s0, g);
  ck_gradient("combined trajectory", g, trajectory, s0, D);

  double v[D] = {0.5, -0.25, 0.75, 0.1}, s[D], ds[D], tot, dtot = 0.0;
  memcpy(s, s0, sizeof s);
  memcpy(ds, v, sizeof ds);
  __enzyme_fwddiff_v((void *)traj_state, enzyme_dup, s, ds, enzyme_dup, &tot, &dtot);
  double one = 1.0;
  ck_dot_test("split steps vs forward", &one, &dtot, 1, shadows[0], v, D);
  CHECK_PRIMAL("forward primal total", tot, trajectory(s0));
  return ck_done();
}
