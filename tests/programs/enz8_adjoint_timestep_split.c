// TEST: split reverse mode as a user-level discrete adjoint: a reaction-diffusion time step that updates its state array in place (explicit diffusion through a heap scratch copy that it frees, a logistic reaction term with an active rate passed by value as enzyme_out), recorded step by step with __enzyme_augmentfwd into an array of anonymous tapes, then replayed backwards with __enzyme_reverse (each returning the rate's partial, summed by the caller); a second pass with caller-allocated tapes sized by __enzyme_augmentsize; gradients with respect to the initial state and the rate against finite differences and against combined-mode __enzyme_autodiff of the whole run, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
void *__enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
long __enzyme_augmentsize(void *, ...);
extern int enzyme_allocated, enzyme_tape;

#define NX 10
#define NSTEP 8

static void step(double *u, double rate) {
  double *old = malloc(NX * sizeof(double));
  memcpy(old, u, NX * sizeof(double));
  const double D = 0.2, dt = 0.1;
  for (int i = 0; i < NX; i++) {
    double l = old[(i + NX - 1) % NX], r = old[(i + 1) % NX];
    u[i] = old[i] + D * (l - 2.0 * old[i] + r) + dt * rate * old[i] * (1.0 - old[i]);
  }
  free(old);
}

static double observe(const double *u) {
  double s = 0.0;
  for (int i = 0; i < NX; i++) s += (1.0 + 0.1 * i) * u[i] * u[i];
  return s;
}

/* the whole run, for combined mode and finite differences: p = [u0..., rate] */
static double run(const double *p) {
  double u[NX];
  memcpy(u, p, NX * sizeof(double));
  for (int s = 0; s < NSTEP; s++) step(u, p[NX]);
  return observe(u);
}
static double F(double *p) { return run(p); }

int main(void) {
  double p[NX + 1];
  for (int i = 0; i < NX; i++) p[i] = 0.5 + 0.3 * sin(0.8 * i + 0.1);
  p[NX] = 1.7;

  /* combined mode reference */
  double dp[NX + 1] = {0};
  __enzyme_autodiff((void *)run, enzyme_dup, p, dp);
  ck_gradient("timestep combined: d/dp", dp, F, p, NX + 1);

  /* split mode with anonymous tapes */
  double u[NX], du[NX] = {0};
  memcpy(u, p, sizeof u);
  void *tapes[NSTEP];
  for (int s = 0; s < NSTEP; s++) tapes[s] = __enzyme_augmentfwd((void *)step, enzyme_dup, u, du, enzyme_out, p[NX]);
  double dobs_u[NX] = {0};
  __enzyme_autodiff((void *)observe, enzyme_dup, u, dobs_u);
  memcpy(du, dobs_u, sizeof du);
  double drate = 0.0;
  /* the state u now holds the final values; the reverse sweeps read what the tapes kept */
  for (int s = NSTEP - 1; s >= 0; s--) drate += __enzyme_reverse((void *)step, enzyme_dup, u, du, enzyme_out, p[NX], tapes[s]);
  char label[64];
  for (int i = 0; i < NX; i++) {
    snprintf(label, sizeof label, "split anon tapes: d/du0[%d]", i);
    CHECK(label, du[i], dp[i]);
  }
  CHECK("split anon tapes: d/drate", drate, dp[NX]);

  /* split mode with caller-allocated tapes */
  long sz = __enzyme_augmentsize((void *)step, enzyme_dup, enzyme_out);
  char *buf = malloc((sz > 0 ? sz : 1) * NSTEP);
  memcpy(u, p, sizeof u);
  memset(du, 0, sizeof du);
  for (int s = 0; s < NSTEP; s++)
    __enzyme_augmentfwd((void *)step, enzyme_dup, u, du, enzyme_out, p[NX], enzyme_allocated, sz, enzyme_tape, buf + s * sz);
  memset(dobs_u, 0, sizeof dobs_u);
  __enzyme_autodiff((void *)observe, enzyme_dup, u, dobs_u);
  memcpy(du, dobs_u, sizeof du);
  drate = 0.0;
  for (int s = NSTEP - 1; s >= 0; s--)
    drate += __enzyme_reverse((void *)step, enzyme_dup, u, du, enzyme_out, p[NX], enzyme_allocated, sz, enzyme_tape, buf + s * sz);
  for (int i = 0; i < NX; i++) {
    snprintf(label, sizeof label, "split caller tapes: d/du0[%d]", i);
    CHECK(label, du[i], dp[i]);
  }
  CHECK("split caller tapes: d/drate", drate, dp[NX]);
  free(buf);

  double v[NX + 1];
  for (int i = 0; i <= NX; i++) v[i] = 0.1 * ((i * 3) % 7) - 0.3;
  double jv = __enzyme_fwddiff((void *)run, enzyme_dup, p, v);
  CHECK("timestep: dot test", ck_dot(dp, v, NX + 1), jv);
  return ck_done();
}
