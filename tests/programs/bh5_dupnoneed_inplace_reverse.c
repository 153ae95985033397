// TEST: enzyme_dupnoneed in reverse mode on memory the function updates in place and reads back (a state advanced several sweeps, each reading neighbours already overwritten), on a scratch buffer written then reduced, and on a pure output: combined, batched (width 2) and split reverse (__enzyme_augmentfwd / __enzyme_reverse with dupnoneed in both calls); every gradient against finite differences and against the enzyme_dup gradient
#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_autodiff(void *, ...);
void __enzyme_autodiff_v(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
extern int enzyme_width;

#define N 6
#define SWEEPS 3

/* u is read, overwritten in place (Gauss-Seidel order) and read again; k is an input. */
__attribute__((noinline)) double evolve_loss(double *u, const double *k, double *scratch) {
  for (int t = 0; t < SWEEPS; t++)
    for (int i = 0; i < N; i++) u[i] = u[i] + 0.2 * sin(k[i] * u[(i + 1) % N]) - 0.05 * u[(i + N - 1) % N];
  for (int i = 0; i < N; i++) scratch[i] = u[i] * k[i] + exp(0.1 * u[i]);
  double s = 0.0;
  for (int i = 0; i < N; i++) s += scratch[i] * scratch[(i + 2) % N] + 0.5 * u[i] * u[i];
  return s;
}

/* out is a pure output; y is read after it is written. */
__attribute__((noinline)) void outputs(const double *p, double *out) {
  for (int i = 0; i < N; i++) out[i] = p[i] * p[(i + 1) % N] + cos(p[i]);
  for (int i = 1; i < N; i++) out[i] += 0.3 * out[i - 1];
}

static const double U0[N] = {0.3, -0.6, 0.8, 0.1, -0.2, 0.55};
static const double K0[N] = {1.1, 0.7, -0.9, 1.3, 0.4, -0.6};
static double Kcur[N];
static double W[N];

static double F_u(double *u) {
  double uu[N], sc[N];
  memcpy(uu, u, sizeof uu);
  return evolve_loss(uu, Kcur, sc);
}
static double F_k(double *k) {
  double uu[N], sc[N];
  memcpy(uu, U0, sizeof uu);
  return evolve_loss(uu, k, sc);
}
static double F_out(double *p) {
  double o[N];
  outputs(p, o);
  return ck_dot(W, o, N);
}

int main(void) {
  memcpy(Kcur, K0, sizeof Kcur);
  for (int i = 0; i < N; i++) W[i] = 1.0 + 0.25 * i;
  double u[N], k[N], sc[N], dsc[N];
  double gu_dup[N] = {0}, gk_dup[N] = {0};
  memcpy(k, K0, sizeof k);

  /* reference: everything enzyme_dup */
  memcpy(u, U0, sizeof u);
  memset(dsc, 0, sizeof dsc);
  __enzyme_autodiff((void *)evolve_loss, enzyme_dup, u, gu_dup, enzyme_dup, k, gk_dup, enzyme_dup, sc, dsc);
  double u0[N];
  memcpy(u0, U0, sizeof u0);
  ck_gradient("dup: d/du", gu_dup, F_u, u0, N);
  ck_gradient("dup: d/dk", gk_dup, F_k, k, N);

  /* dupnoneed on the in-place state and on the scratch buffer */
  double gu[N] = {0}, gk[N] = {0};
  memcpy(u, U0, sizeof u);
  memset(dsc, 0, sizeof dsc);
  __enzyme_autodiff((void *)evolve_loss, enzyme_dupnoneed, u, gu, enzyme_dup, k, gk, enzyme_dupnoneed, sc, dsc);
  ck_gradient("dupnoneed state and scratch: d/du", gu, F_u, u0, N);
  ck_gradient("dupnoneed state and scratch: d/dk", gk, F_k, k, N);

  /* outputs() at width 2, lane l seeded with W scaled by (l + 1) */
  double p[N], gp2[2][N] = {{0}}, o[N], dout2[2][N];
  memcpy(p, U0, sizeof p);
  for (int l = 0; l < 2; l++)
    for (int i = 0; i < N; i++) dout2[l][i] = W[i] * (l + 1);
  __enzyme_autodiff_v((void *)outputs, enzyme_width, 2, enzyme_dup, p, gp2[0], gp2[1], enzyme_dupnoneed, o, dout2[0],
                      dout2[1]);
  ck_gradient("width 2 dupnoneed output lane 0", gp2[0], F_out, p, N);
  for (int i = 0; i < N; i++) gp2[1][i] *= 0.5;
  ck_gradient("width 2 dupnoneed output lane 1 / 2", gp2[1], F_out, p, N);

  /* split mode, dupnoneed in both calls, the state scrambled between them */
  double gus[N] = {0}, gks[N] = {0};
  memcpy(u, U0, sizeof u);
  memset(dsc, 0, sizeof dsc);
  ck_aug a = __enzyme_augmentfwd((void *)evolve_loss, enzyme_dupnoneed, u, gus, enzyme_dup, k, gks, enzyme_dupnoneed,
                                 sc, dsc);
  CHECK_PRIMAL("split: primal", a.primal, F_u(u0));
  for (int i = 0; i < N; i++) {
    u[i] = -7.0;
    sc[i] = 3.0;
  }
  __enzyme_reverse((void *)evolve_loss, enzyme_dupnoneed, u, gus, enzyme_dup, k, gks, enzyme_dupnoneed, sc, dsc, 1.0,
                   a.tape);
  ck_gradient("split dupnoneed: d/du", gus, F_u, u0, N);
  ck_gradient("split dupnoneed: d/dk", gks, F_k, k, N);
  for (int i = 0; i < N; i++) {
    CHECK("split dupnoneed d/du equals dup's", gus[i], gu_dup[i]);
    CHECK("combined dupnoneed d/dk equals dup's", gk[i], gk_dup[i]);
  }
  return ck_done();
}
