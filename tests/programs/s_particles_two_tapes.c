// TEST: split mode (__enzyme_augmentfwd then __enzyme_reverse) on a particle-update kernel over an array of structs that overwrites its input positions in place, with a caller-allocated tape (enzyme_allocated with __enzyme_augmentsize, enzyme_tape) and with the default tape, checked against finite differences and combined mode
#include "include/ck_array.h"
#include "include/ck_split.h"

void *__enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
double __enzyme_autodiff(void *, ...);

typedef struct {
  double pos[2];
  double vel[2];
  int frozen;
} particle;

#define NP 4

static void step(particle *p, int n, double dt) {
  for (int i = 0; i < n; i++) {
    if (p[i].frozen) continue;
    double r2 = p[i].pos[0] * p[i].pos[0] + p[i].pos[1] * p[i].pos[1] + 0.5;
    double f = -1.0 / (r2 * sqrt(r2));
    for (int k = 0; k < 2; k++) {
      p[i].vel[k] += dt * f * p[i].pos[k];
      p[i].pos[k] += dt * p[i].vel[k];
    }
  }
}

static void unpack(particle *p, const double *x) {
  for (int i = 0; i < NP; i++) {
    p[i].pos[0] = x[4 * i];
    p[i].pos[1] = x[4 * i + 1];
    p[i].vel[0] = x[4 * i + 2];
    p[i].vel[1] = x[4 * i + 3];
    p[i].frozen = (i == 2);
  }
}

static const double W[4 * NP] = {1, -0.5, 0.3, 0.2, 0.7, 1.1, -0.2, 0.4, 0.9, -1.3, 0.5, 0.6, -0.8, 0.25, 1.5, -0.1};

static double F(double *x) {
  particle p[NP];
  unpack(p, x);
  step(p, NP, 0.1);
  step(p, NP, 0.1);
  double s = 0.0;
  for (int i = 0; i < NP; i++)
    s += W[4 * i] * p[i].pos[0] + W[4 * i + 1] * p[i].pos[1] + W[4 * i + 2] * p[i].vel[0] + W[4 * i + 3] * p[i].vel[1];
  return s;
}

static void seed(particle *dp) {
  for (int i = 0; i < NP; i++) {
    dp[i].pos[0] = W[4 * i];
    dp[i].pos[1] = W[4 * i + 1];
    dp[i].vel[0] = W[4 * i + 2];
    dp[i].vel[1] = W[4 * i + 3];
    dp[i].frozen = 0;
  }
}

static void grads(const particle *dp, double *g) {
  for (int i = 0; i < NP; i++) {
    g[4 * i] = dp[i].pos[0];
    g[4 * i + 1] = dp[i].pos[1];
    g[4 * i + 2] = dp[i].vel[0];
    g[4 * i + 3] = dp[i].vel[1];
  }
}

int main() {
  double x[4 * NP] = {0.5, 0.2, 0.1, -0.3, -0.7, 0.4, 0.2, 0.2, 0.3, 0.3, 0.0, 0.1, 1.1, -0.6, -0.2, 0.05};
  double g[4 * NP];

  /* default tape, two steps: augment both in order, reverse in opposite order */
  {
    particle p[NP], dp[NP];
    unpack(p, x);
    seed(dp);
    void *t1 = __enzyme_augmentfwd((void *)step, enzyme_dup, p, dp, enzyme_const, NP, enzyme_const, 0.1);
    void *t2 = __enzyme_augmentfwd((void *)step, enzyme_dup, p, dp, enzyme_const, NP, enzyme_const, 0.1);
    __enzyme_reverse((void *)step, enzyme_dup, p, dp, enzyme_const, NP, enzyme_const, 0.1, t2);
    __enzyme_reverse((void *)step, enzyme_dup, p, dp, enzyme_const, NP, enzyme_const, 0.1, t1);
    grads(dp, g);
    ck_gradient("split default tape", g, F, x, 4 * NP);
  }
  /* caller-allocated tapes */
  {
    int size = __enzyme_augmentsize((void *)step, enzyme_dup, enzyme_const, enzyme_const);
    char *tape1 = (char *)malloc(size > 0 ? size : 1), *tape2 = (char *)malloc(size > 0 ? size : 1);
    particle p[NP], dp[NP];
    unpack(p, x);
    seed(dp);
    __enzyme_augmentfwd((void *)step, enzyme_allocated, size, enzyme_tape, tape1, enzyme_dup, p, dp, enzyme_const, NP, enzyme_const, 0.1);
    __enzyme_augmentfwd((void *)step, enzyme_allocated, size, enzyme_tape, tape2, enzyme_dup, p, dp, enzyme_const, NP, enzyme_const, 0.1);
    __enzyme_reverse((void *)step, enzyme_allocated, size, enzyme_tape, tape2, enzyme_dup, p, dp, enzyme_const, NP, enzyme_const, 0.1);
    __enzyme_reverse((void *)step, enzyme_allocated, size, enzyme_tape, tape1, enzyme_dup, p, dp, enzyme_const, NP, enzyme_const, 0.1);
    grads(dp, g);
    ck_gradient("split allocated tape", g, F, x, 4 * NP);
    free(tape1);
    free(tape2);
  }
  return ck_done();
}
