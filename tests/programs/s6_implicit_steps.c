// TEST: split mode of an implicit time stepper: each backward-Euler step solves its nonlinear equations by Newton iterations that stop on convergence (a data-dependent trip count per unknown and per step), overwrites the state in place, and is augmented once per step with its tape kept in an array (default tapes; then one caller tape per step in a single heap block of __enzyme_augmentsize bytes each); the steps are reversed last to first while the primal state already holds the final values, the parameter's enzyme_out gradient summed over the steps; against finite differences of the whole run, combined mode and forward mode (dot-product test)
#include "include/ck_array.h"
#include "include/ck_split.h"

void *__enzyme_augmentfwd(void *, ...);
void __enzyme_augmentfwd_v(void *, ...) __asm__("__enzyme_augmentfwd");
ck_aug __enzyme_augmentfwd_d(void *, ...) __asm__("__enzyme_augmentfwd");
double __enzyme_reverse(void *, ...);
void __enzyme_reverse_v(void *, ...) __asm__("__enzyme_reverse");
double __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);

#define D 4
#define STEPS 5
#define DT 0.3

static int newton_total;

/* u <- v with v_i - u_i - DT * (-p v_i^3 + sin(u_{i+1})) = 0, solved per unknown by Newton. */
__attribute__((noinline)) static void step(double *u, double p) {
  double old[D];
  for (int i = 0; i < D; i++) old[i] = u[i];
  for (int i = 0; i < D; i++) {
    double rhs = old[i] + DT * sin(old[(i + 1) % D]);
    double v = old[i];
    for (int it = 0; it < 60; it++) {
      double r = v + DT * p * v * v * v - rhs;
      double dv = r / (1.0 + 3.0 * DT * p * v * v);
      v -= dv;
      newton_total++;
      if (fabs(dv) < 1e-14 * (1.0 + fabs(v))) break;
    }
    u[i] = v;
  }
}

static double loss(const double *u) {
  double s = 0.0;
  for (int i = 0; i < D; i++) s += (i + 1.0) * u[i] * u[i] + 0.3 * u[i];
  return s;
}

static const double U0[D] = {0.9, -0.6, 1.4, 0.2};
static double P = 0.8;

static double run(double *u0, double p) {
  double u[D];
  memcpy(u, u0, sizeof u);
  for (int k = 0; k < STEPS; k++) step(u, p);
  return loss(u);
}
static double F_u(double *u0) { return run(u0, P); }
static double F_p(double p) { double u[D]; memcpy(u, U0, sizeof u); return run(u, p); }

/* The run as a map with its result stored: for forward mode. */
static void run_out(double *u, double p, double *out) {
  for (int k = 0; k < STEPS; k++) step(u, p);
  *out = loss(u);
}

int main(void) {
  double u0[D];
  memcpy(u0, U0, sizeof u0);

  /* 1. default tapes, one per step, reversed last to first */
  {
    double u[D], du[D] = {0};
    memcpy(u, U0, sizeof u);
    void *tapes[STEPS];
    for (int k = 0; k < STEPS; k++) tapes[k] = __enzyme_augmentfwd((void *)step, enzyme_dup, u, du, P);
    ck_aug l = __enzyme_augmentfwd_d((void *)loss, enzyme_dup, u, du);
    CHECK_PRIMAL("default tapes: loss primal", l.primal, F_u(u0));
    __enzyme_reverse_v((void *)loss, enzyme_dup, u, du, 1.0, l.tape);
    double dp = 0.0;
    for (int k = STEPS - 1; k >= 0; k--) dp += __enzyme_reverse((void *)step, enzyme_dup, u, du, P, tapes[k]);
    ck_gradient("default tapes: d/du0", du, F_u, u0, D);
    CHECK("default tapes: d/dp", dp, ck_fd1(F_p, P));
  }

  /* 2. caller tapes: one block, STEPS slices of __enzyme_augmentsize bytes */
  double du_split[D] = {0}, dp_split = 0.0;
  {
    int size = __enzyme_augmentsize((void *)step, enzyme_dup, enzyme_out);
    CHECK_PRIMAL("step needs a tape header", size > 0, 1);
    char *block = malloc((size_t)size * STEPS);
    double u[D];
    memcpy(u, U0, sizeof u);
    for (int k = 0; k < STEPS; k++)
      __enzyme_augmentfwd_v((void *)step, enzyme_dup, u, du_split, P, enzyme_allocated, size, enzyme_tape, block + (size_t)k * size);
    /* the loss's adjoint seeded by hand: d loss / d u */
    for (int i = 0; i < D; i++) du_split[i] += 2.0 * (i + 1.0) * u[i] + 0.3;
    for (int k = STEPS - 1; k >= 0; k--)
      dp_split += __enzyme_reverse((void *)step, enzyme_dup, u, du_split, P, enzyme_allocated, size, enzyme_tape, block + (size_t)k * size);
    free(block);
    ck_gradient("caller tapes: d/du0", du_split, F_u, u0, D);
    CHECK("caller tapes: d/dp", dp_split, ck_fd1(F_p, P));
  }

  /* 3. combined mode agrees */
  {
    double u[D], du[D] = {0};
    memcpy(u, U0, sizeof u);
    double gp = __enzyme_autodiff((void *)run, enzyme_dup, u, du, P);
    for (int i = 0; i < D; i++) CHECK("combined = split: d/du0", du_split[i], du[i]);
    CHECK("combined = split: d/dp", dp_split, gp);
  }

  /* 4. dot-product test against forward mode along (v, vp) */
  {
    double v[D] = {0.3, -0.5, 0.25, 0.8}, vp = 0.6;
    double u[D], out = 0.0, dout = 0.0;
    memcpy(u, U0, sizeof u);
    double du[D];
    memcpy(du, v, sizeof du);
    __enzyme_fwddiff((void *)run_out, enzyme_dup, u, du, P, vp, enzyme_dup, &out, &dout);
    CHECK_PRIMAL("forward: primal", out, F_u(u0));
    double one = 1.0, jtw[D + 1], vv[D + 1];
    memcpy(jtw, du_split, sizeof du_split);
    jtw[D] = dp_split;
    memcpy(vv, v, sizeof v);
    vv[D] = vp;
    ck_dot_test("split vs forward", &one, &dout, 1, jtw, vv, D + 1);
  }
  printf("newton iterations: %d\n", newton_total);
  return ck_done();
}
