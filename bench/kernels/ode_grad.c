/* A 2-D Brusselator (u, v on a 32×32 periodic grid, as in Enzyme's paper) integrated over
 * STEPS classical RK4 steps; the loss is the mean square of the final state. The reverse-mode
 * gradient is taken w.r.t. the parameters (A, B, alpha) and the initial state (u0, v0). The
 * RK4 stages live in local arrays of the integrator. */
#include <math.h>

#include "../bench.h"
#include "brusselator.h"

enum { N = 32, NN = N * N, STEPS = 10 };
const char *kernel_name = "ode_grad";

/* DT keeps RK4 stable for the diffusion term (alpha·(N−1)²·8·DT < 2.78). */
static const double DT = 1e-5;

/* (du, dv) = f(u, v; p), p = (A, B, alpha). */
static void rhs(const double *p, const double *u, const double *v, double *du, double *dv) {
  brusselator_rhs(N, p, u, v, du, dv, 0.0);
}

double ode_objective(const double *p, const double *u0, const double *v0) {
  double u[NN], v[NN], tu[NN], tv[NN], ku[4][NN], kv[4][NN];
  for (int k = 0; k < NN; k++) u[k] = u0[k], v[k] = v0[k];
  for (int s = 0; s < STEPS; s++) {
    rhs(p, u, v, ku[0], kv[0]);
    for (int k = 0; k < NN; k++) tu[k] = u[k] + 0.5 * DT * ku[0][k], tv[k] = v[k] + 0.5 * DT * kv[0][k];
    rhs(p, tu, tv, ku[1], kv[1]);
    for (int k = 0; k < NN; k++) tu[k] = u[k] + 0.5 * DT * ku[1][k], tv[k] = v[k] + 0.5 * DT * kv[1][k];
    rhs(p, tu, tv, ku[2], kv[2]);
    for (int k = 0; k < NN; k++) tu[k] = u[k] + DT * ku[2][k], tv[k] = v[k] + DT * kv[2][k];
    rhs(p, tu, tv, ku[3], kv[3]);
    for (int k = 0; k < NN; k++) {
      u[k] += DT / 6.0 * (ku[0][k] + 2.0 * ku[1][k] + 2.0 * ku[2][k] + ku[3][k]);
      v[k] += DT / 6.0 * (kv[0][k] + 2.0 * kv[1][k] + 2.0 * kv[2][k] + kv[3][k]);
    }
  }
  double loss = 0.0;
  for (int k = 0; k < NN; k++) loss += u[k] * u[k] + v[k] * v[k];
  return loss / NN;
}

static double p[3] = {3.4, 1.0, 10.0}, u0[NN], v0[NN], gp[3], gu0[NN], gv0[NN];
static const struct bench_array inputs[] = {{p, gp, 3}, {u0, gu0, NN}, {v0, gv0, NN}};
enum { NIN = sizeof inputs / sizeof inputs[0] };
double result; /* external: stores to it are not dead */

/* Forward mode: tangents along 8 fixed directions (bench/gradient.c's direction_fill). */
static double t_p[8][3], t_u0[8][NN], t_v0[8][NN], tangents[8];
static int last_width;
#define LANE(l) t_p[l], t_u0[l], t_v0[l]
static double *const dirs[8 * NIN] = {LANE(0), LANE(1), LANE(2), LANE(3), LANE(4), LANE(5), LANE(6), LANE(7)};

void kernel_init(void) {
  brusselator_init(N, u0, v0);
  direction_fill(inputs, NIN, dirs);
}

BENCH_ENTRY void kernel_forward1(void) {
  last_width = 1;
  tangents[0] = __enzyme_fwddiff_d((void *)ode_objective, enzyme_dup, p, t_p[0], enzyme_dup, u0, t_u0[0],
                                   enzyme_dup, v0, t_v0[0]);
}

BENCH_ENTRY void kernel_forward8(void) {
  last_width = 8;
  bench_w8 t = __enzyme_fwddiff_w8((void *)ode_objective, enzyme_width, 8, enzyme_dup, p, LANES8(t_p), enzyme_dup,
                                   u0, LANES8(t_u0), enzyme_dup, v0, LANES8(t_v0));
  for (int l = 0; l < 8; l++) tangents[l] = t.d[l];
}

int kernel_forward_results(double *out, int max) {
  int n = 0;
  for (; n < last_width && n < max; n++) out[n] = tangents[n];
  return n;
}
int kernel_forward_expected(int width, double *out, int max) { return direction_dots(inputs, NIN, dirs, width, out, max); }

BENCH_ENTRY void kernel_primal(void) { result = ode_objective(p, u0, v0); }

BENCH_ENTRY void kernel_tangent(void) {
  gradient_zero(inputs, NIN);
  __enzyme_autodiff((void *)ode_objective, enzyme_dup, p, gp, enzyme_dup, u0, gu0, enzyme_dup, v0, gv0);
}

void kernel_dump(void) {
  double dims[3] = {N, STEPS, DT};
  dump_array("dims", dims, 3);
  dump_array("p", p, 3);
  dump_array("u0", u0, NN);
  dump_array("v0", v0, NN);
}

static double value(void) { return ode_objective(p, u0, v0); }
int kernel_results(double *out, int max) { return gradient_sample(inputs, NIN, out, max); }
int kernel_fd(double *out, int max) { return gradient_fd(inputs, NIN, value, out, max); }
double kernel_fd_cost(void) { return gradient_fd_cost(inputs, NIN); }
