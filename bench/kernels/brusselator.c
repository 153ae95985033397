/* 2-D Brusselator on a 32×32 periodic grid (the ODE of Enzyme's paper), integrated with 10
 * explicit Euler steps; tangents of the final state along 8 directions of the initial state
 * at once (enzyme_width 8). With ONE_LANE_AT_A_TIME defined (brusselator_1x8.c), the same 8
 * directions as 8 width-1 calls: width N should never cost more. */
#include <math.h>

#include "../bench.h"
#include "brusselator.h"

enum { N = 32, STEPS = 10, W = 8 };
#ifdef ONE_LANE_AT_A_TIME
const char *kernel_name = "brusselator_1x8";
#else
const char *kernel_name = "brusselator";
#endif

/* DT keeps explicit Euler stable (ALPHA·(N−1)²·DT·8 < 2): rounding differences between tools
 * are not amplified. */
static const double PARAMS[3] = {3.4, 1.0, 10.0}, DT = 1e-5; /* A, B, alpha */

/* The forcing's amplitude at time t (brusselator.h applies it inside its disc). */
static void rhs(double *du, double *dv, const double *u, const double *v, double t) {
  brusselator_rhs(N, PARAMS, u, v, du, dv, t >= 1.1 ? 5.0 : 0.0);
}

void integrate(const double *u0, const double *v0, double *u, double *v, double *du, double *dv) {
  for (int k = 0; k < N * N; k++) {
    u[k] = u0[k];
    v[k] = v0[k];
  }
  for (int s = 0; s < STEPS; s++) {
    rhs(du, dv, u, v, s * DT);
    for (int k = 0; k < N * N; k++) {
      u[k] += DT * du[k];
      v[k] += DT * dv[k];
    }
  }
}

static double u0[N * N], v0[N * N], du0[W][N * N], dv0[W][N * N];
/* external: stores to them are not dead */
double u[N * N], v[N * N], du[N * N], dv[N * N];
double tu[W][N * N], tv[W][N * N], tdu[W][N * N], tdv[W][N * N];

void kernel_init(void) {
  brusselator_init(N, u0, v0);
  for (int l = 0; l < W; l++)
    for (int k = 0; k < N * N; k++) {
      du0[l][k] = sin(0.01 * (k + 1) * (l + 1));
      dv0[l][k] = cos(0.02 * (k + 3) * (l + 1));
    }
}

BENCH_ENTRY void kernel_primal(void) { integrate(u0, v0, u, v, du, dv); }

#define LANES(a) a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]

#ifdef ONE_LANE_AT_A_TIME
BENCH_ENTRY void kernel_tangent(void) {
  for (int l = 0; l < W; l++)
    __enzyme_fwddiff((void *)integrate, enzyme_dup, u0, du0[l], enzyme_dup, v0, dv0[l], enzyme_dup, u, tu[l],
                     enzyme_dup, v, tv[l], enzyme_dup, du, tdu[l], enzyme_dup, dv, tdv[l]);
}
#else
BENCH_ENTRY void kernel_tangent(void) {
  __enzyme_fwddiff((void *)integrate, enzyme_width, W, enzyme_dup, u0, LANES(du0), enzyme_dup, v0, LANES(dv0),
                   enzyme_dup, u, LANES(tu), enzyme_dup, v, LANES(tv), enzyme_dup, du, LANES(tdu),
                   enzyme_dup, dv, LANES(tdv));
}
#endif

/* Per lane: two weighted sums of the final tangents, and two single entries. */
int kernel_results(double *out, int max) {
  int n = 0;
  for (int l = 0; l < W && n + 4 <= max; l++) {
    double su = 0.0, sv = 0.0;
    for (int k = 0; k < N * N; k++) {
      su += tu[l][k] * (1.0 + 0.001 * k);
      sv += tv[l][k] * (1.0 - 0.0005 * k);
    }
    out[n++] = su;
    out[n++] = sv;
    out[n++] = tu[l][77];
    out[n++] = tv[l][500];
  }
  return n;
}
