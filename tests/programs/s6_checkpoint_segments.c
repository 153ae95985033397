// TEST: checkpointed adjoint by split mode: a 24-step nonlinear recurrence keeps only a state every 6 steps; the reverse sweep replays each segment from its checkpoint with __enzyme_augmentfwd into a fixed pool of 6 caller tapes (sized by __enzyme_augmentsize, reused by every segment, so each tape's bytes hold tapes of other steps before), reverses the segment's steps last to first, and moves to the previous segment; the step also returns a cost term (an active result with its own differential return) and has an enzyme_out parameter whose gradient is summed; against finite differences of the whole recurrence, combined mode and forward mode (dot-product test)
#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define D 3
#define STEPS 24
#define SEG 6

/* state update in place; returns a cost term of the new state */
__attribute__((noinline)) static double step(double *s, double k) {
  double a = s[0], b = s[1], c = s[2];
  int turns = 1 + (a * a + b * b > 1.0); /* a data-dependent inner count */
  for (int t = 0; t < turns; t++) {
    double na = a + 0.1 * (k * b - a * c);
    double nb = b + 0.1 * (sin(a) - k * b);
    double nc = c + 0.05 * (a * b - c * c);
    a = na, b = nb, c = nc;
  }
  s[0] = a, s[1] = b, s[2] = c;
  return 0.01 * (a * a + exp(0.1 * b) + c * c * c);
}

static double run(double *s, double k) {
  double cost = 0.0;
  for (int i = 0; i < STEPS; i++) cost += step(s, k);
  return cost + s[0] * s[1];
}

static const double S0[D] = {0.8, -0.5, 0.3};
static double K = 0.7;
static double F_s(double *s0) { double s[D]; memcpy(s, s0, sizeof s); return run(s, K); }
static double F_k(double k) { double s[D]; memcpy(s, S0, sizeof s); return run(s, k); }

int main(void) {
  int size = __enzyme_augmentsize((void *)step, enzyme_dup, enzyme_out);
  CHECK_PRIMAL("step has a tape", size > 0, 1);
  char *pool = malloc((size_t)size * SEG);
  double ckpt[STEPS / SEG][D];
  double s[D];
  memcpy(s, S0, sizeof s);
  double cost = 0.0;
  for (int i = 0; i < STEPS; i++) {
    if (i % SEG == 0) memcpy(ckpt[i / SEG], s, sizeof s);
    cost += step(s, K);
  }
  cost += s[0] * s[1];
  CHECK_PRIMAL("plain run", cost, F_s((double *)S0));

  /* the adjoint of the final state from the last term s0*s1 */
  double ds[D] = {s[1], s[0], 0.0}, dk = 0.0;
  for (int g = STEPS / SEG - 1; g >= 0; g--) {
    double seg[D];
    memcpy(seg, ckpt[g], sizeof seg);
    double dseg[D] = {0};
    for (int j = 0; j < SEG; j++)
      __enzyme_augmentfwd((void *)step, enzyme_allocated, __enzyme_augmentsize((void *)step, enzyme_dup, enzyme_out),
                          enzyme_tape, pool + (size_t)j * size, enzyme_dup, seg, dseg, K);
    /* the replayed segment ends where the next one starts */
    if (g < STEPS / SEG - 1)
      for (int i = 0; i < D; i++) CHECK_PRIMAL("replay reaches the next checkpoint", seg[i], ckpt[g + 1][i]);
    memcpy(dseg, ds, sizeof ds);
    for (int j = SEG - 1; j >= 0; j--)
      dk += __enzyme_reverse((void *)step, enzyme_allocated, __enzyme_augmentsize((void *)step, enzyme_dup, enzyme_out),
                             enzyme_tape, pool + (size_t)j * size, enzyme_dup, seg, dseg, K, 1.0);
    memcpy(ds, dseg, sizeof ds);
  }
  free(pool);
  double s0[D];
  memcpy(s0, S0, sizeof s0);
  ck_gradient("checkpointed: d/ds0", ds, F_s, s0, D);
  CHECK("checkpointed: d/dk", dk, ck_fd1(F_k, K));

  double sc[D], dsc[D] = {0};
  memcpy(sc, S0, sizeof sc);
  double dkc = __enzyme_autodiff((void *)run, enzyme_dup, sc, dsc, K);
  for (int i = 0; i < D; i++) CHECK("combined = checkpointed", ds[i], dsc[i]);
  CHECK("combined = checkpointed: d/dk", dk, dkc);

  double v[D] = {0.4, -0.9, 0.6}, vk = 0.3, sf[D], dsf[D];
  memcpy(sf, S0, sizeof sf);
  memcpy(dsf, v, sizeof dsf);
  double jv = __enzyme_fwddiff((void *)run, enzyme_dup, sf, dsf, K, vk);
  double jtw[D + 1], vv[D + 1], one = 1.0;
  memcpy(jtw, ds, sizeof ds);
  jtw[D] = dk;
  memcpy(vv, v, sizeof v);
  vv[D] = vk;
  ck_dot_test("checkpointed vs forward", &one, &jv, 1, jtw, vv, D + 1);
  return ck_done();
}
