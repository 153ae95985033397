// TEST: split mode as a time-stepping user writes it: a void step that updates its state in place through a malloc'd copy of the old state (freed inside the step), augmented once per step with the tapes kept in an array (default tapes, then caller tapes of __enzyme_augmentsize bytes each with enzyme_allocated/enzyme_tape), and reversed in the opposite order while the primal state in memory already holds the final values; one tape reversed with enzyme_nofree for three Jacobian rows and then freed by a last plain reverse; gradients against finite differences and the dot-product test against forward mode
#include <stdlib.h>
#include <string.h>

#include "include/ck_array.h"
#include "include/ck_split.h"

void *__enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
void __enzyme_fwddiff(void *, ...);

#define N 5
#define T 6

/* One explicit step of a nonlinear chain; s is overwritten in place from a heap copy. */
static void step(double *s, const double *p, int n) {
  double *old = malloc(n * sizeof *old);
  memcpy(old, s, n * sizeof *old);
  for (int i = 0; i < n; i++) {
    double left = i > 0 ? old[i - 1] : p[2];
    s[i] = old[i] + 0.2 * (p[0] * sin(left) - p[1] * old[i] * old[i]);
  }
  free(old);
}

static void run(double *s, const double *p, int n) {
  for (int t = 0; t < T; t++) step(s, p, n);
}

static const double W[N] = {0.3, -1.1, 0.7, 1.9, -0.4};
static double P0[3] = {1.3, 0.6, 0.45};
static double S0[N] = {0.2, -0.5, 0.9, 0.1, -0.3};

/* <W, s_T> as a function of the initial state, and of the parameters. */
static double F_s(double *s0) {
  double s[N], p[3];
  memcpy(s, s0, sizeof s);
  memcpy(p, P0, sizeof p);
  run(s, p, N);
  return ck_dot(W, s, N);
}
static double F_p(double *p) {
  double s[N];
  memcpy(s, S0, sizeof s);
  run(s, p, N);
  return ck_dot(W, s, N);
}

/* s_1[ROW] after one step. */
static int ROW;
static double F_row_s(double *s0) {
  double s[N], p[3];
  memcpy(s, s0, sizeof s);
  memcpy(p, P0, sizeof p);
  step(s, p, N);
  return s[ROW];
}
static double F_row_p(double *p) {
  double s[N];
  memcpy(s, S0, sizeof s);
  step(s, p, N);
  return s[ROW];
}

int main(void) {
  /* ---- default tapes, one per step ---- */
  double s[N], ds[N], p[3], dp[3] = {0};
  memcpy(s, S0, sizeof s);
  memcpy(p, P0, sizeof p);
  void *tapes[T];
  for (int t = 0; t < T; t++)
    tapes[t] = __enzyme_augmentfwd((void *)step, enzyme_dup, s, ds, enzyme_dup, p, dp, enzyme_const, N);
  double sref[N];
  memcpy(sref, S0, sizeof sref);
  run(sref, P0, N);
  CHECK_PRIMAL("augmented steps leave the final state", s[N - 1], sref[N - 1]);
  memcpy(ds, W, sizeof ds);
  for (int t = T - 1; t >= 0; t--)
    __enzyme_reverse((void *)step, enzyme_dup, s, ds, enzyme_dup, p, dp, enzyme_const, N, tapes[t]);
  ck_gradient("default tapes: d<W,s_T>/ds0", ds, F_s, S0, N);
  ck_gradient("default tapes: d<W,s_T>/dp", dp, F_p, P0, 3);

  /* forward mode along (v, vp) for the dot-product test */
  double v[N] = {0.5, 0.25, -1.0, 0.75, 2.0}, vp[3] = {-0.3, 0.8, 1.1};
  double fs[N], fv[N], fp[3], fvp[3];
  memcpy(fs, S0, sizeof fs);
  memcpy(fv, v, sizeof fv);
  memcpy(fp, P0, sizeof fp);
  memcpy(fvp, vp, sizeof fvp);
  __enzyme_fwddiff((void *)run, enzyme_dup, fs, fv, enzyme_dup, fp, fvp, enzyme_const, N);
  double one = 1.0, jv = ck_dot(W, fv, N);
  double g[N + 3], vv[N + 3];
  memcpy(g, ds, sizeof ds);
  memcpy(g + N, dp, sizeof dp);
  memcpy(vv, v, sizeof v);
  memcpy(vv + N, vp, sizeof vp);
  ck_dot_test("default tapes", &one, &jv, 1, g, vv, N + 3);

  /* ---- caller tapes of augmentsize bytes, kept in one array ---- */
  enum { SZ = 256 };
  int need = __enzyme_augmentsize((void *)step, enzyme_dup, enzyme_dup, enzyme_const);
  CHECK_PRIMAL("augmentsize fits the caller buffer", need <= SZ, 1.0);
  static char buf[T][SZ];
  memcpy(s, S0, sizeof s);
  double dp2[3] = {0};
  for (int t = 0; t < T; t++)
    __enzyme_augmentfwd((void *)step, enzyme_dup, s, ds, enzyme_dup, p, dp2, enzyme_const, N,
                        enzyme_allocated, SZ, enzyme_tape, buf[t]);
  memcpy(ds, W, sizeof ds);
  for (int t = T - 1; t >= 0; t--)
    __enzyme_reverse((void *)step, enzyme_allocated, SZ, enzyme_tape, buf[t], enzyme_dup, s, ds,
                     enzyme_dup, p, dp2, enzyme_const, N);
  ck_gradient("caller tapes: d<W,s_T>/ds0", ds, F_s, S0, N);
  ck_gradient("caller tapes: d<W,s_T>/dp", dp2, F_p, P0, 3);

  /* ---- one step, one tape, three reverse sweeps with enzyme_nofree: Jacobian rows ---- */
  memcpy(s, S0, sizeof s);
  double dp3[3] = {0};
  void *tp = __enzyme_augmentfwd((void *)step, enzyme_dup, s, ds, enzyme_dup, p, dp3, enzyme_const, N);
  for (int row = 0; row < 3; row++) {
    double dsr[N] = {0}, dpr[3] = {0};
    dsr[row + 1] = 1.0;
    if (row < 2)
      __enzyme_reverse((void *)step, enzyme_nofree, enzyme_dup, s, dsr, enzyme_dup, p, dpr, enzyme_const, N, tp);
    else
      __enzyme_reverse((void *)step, enzyme_dup, s, dsr, enzyme_dup, p, dpr, enzyme_const, N, tp);
    ROW = row + 1;
    char label[64];
    snprintf(label, sizeof label, "nofree row %d: d s1[%d]/ds0", row, row + 1);
    ck_gradient(label, dsr, F_row_s, S0, N);
    snprintf(label, sizeof label, "nofree row %d: d s1[%d]/dp", row, row + 1);
    ck_gradient(label, dpr, F_row_p, P0, 3);
  }
  return ck_done();
}
