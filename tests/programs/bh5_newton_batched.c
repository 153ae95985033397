// TEST: Newton solves inside the differentiated function (one cubic y^3 + p y = q + coupling per entry, iterated until the step is below 1e-13, so the trip count depends on the data, then a coupled residual pass) in batched reverse mode (enzyme_width 3, each lane seeding other output weights), batched forward mode (width 3 directions), batched split mode (one augmented pass, one tape, reversed for 3 lanes) and width 1; every lane against finite differences and against the implicit-function derivative
#include "include/ck_array.h"
#include "include/ck_split.h"

void __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);
void *__enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
extern int enzyme_width;

#define N 5

__attribute__((noinline)) static double newton_cubic(double p, double q, int *iters) {
  double y = q > 0 ? 1.0 : -1.0;
  for (int k = 0; k < 60; k++) {
    double f = y * y * y + p * y - q, df = 3.0 * y * y + p;
    double step = f / df;
    y -= step;
    ++*iters;
    if (fabs(step) < 1e-13) break;
  }
  return y;
}

/* y_i solves y^3 + p_i y = q_i + 0.1 * y_{i-1} (solved in order); out_i = y_i^2 + sin(y_i) p_i */
__attribute__((noinline)) void solve(const double *p, const double *q, double *out, int *iters) {
  double prev = 0.0;
  for (int i = 0; i < N; i++) {
    double y = newton_cubic(p[i], q[i] + 0.1 * prev, iters);
    out[i] = y * y + sin(y) * p[i];
    prev = y;
  }
}

static double P0[N] = {1.2, 0.8, 2.1, 1.5, 0.9};
static double Q0[N] = {0.7, -1.3, 2.2, 0.4, -0.6};
static double W[3][N];
static int LANE;
static double G_p(double *p) {
  double o[N];
  int it = 0;
  solve(p, Q0, o, &it);
  return ck_dot(W[LANE], o, N);
}
static double G_q(double *q) {
  double o[N];
  int it = 0;
  solve(P0, q, o, &it);
  return ck_dot(W[LANE], o, N);
}

int main(void) {
  for (int l = 0; l < 3; l++)
    for (int i = 0; i < N; i++) W[l][i] = cos(0.5 * i * (l + 1) + 0.3 * l);
  double p[N], q[N], out[N];
  memcpy(p, P0, sizeof p);
  memcpy(q, Q0, sizeof q);
  int iters = 0, diters = 0;
  char label[80];

  /* the implicit derivative of a single entry (no coupling into entry 0) */
  {
    double gp[N] = {0}, gq[N] = {0}, dout[N] = {1.0, 0, 0, 0, 0};
    __enzyme_autodiff((void *)solve, enzyme_dup, p, gp, enzyme_dup, q, gq, enzyme_dupnoneed, out, dout, enzyme_const,
                      &iters);
    int it = 0;
    double y = newton_cubic(p[0], q[0], &it), dydq = 1.0 / (3 * y * y + p[0]), dydp = -y * dydq;
    double dg_dy = 2 * y + cos(y) * p[0];
    CHECK("width 1: implicit d out0 / d q0", gq[0], dg_dy * dydq);
    CHECK("width 1: implicit d out0 / d p0", gp[0], dg_dy * dydp + sin(y));
  }

  /* batched reverse, width 3 */
  double gp[3][N] = {{0}}, gq[3][N] = {{0}}, dout[3][N];
  memcpy(dout, W, sizeof dout);
  __enzyme_autodiff((void *)solve, enzyme_width, 3, enzyme_dup, p, gp[0], gp[1], gp[2], enzyme_dup, q, gq[0], gq[1],
                    gq[2], enzyme_dup, out, dout[0], dout[1], dout[2], enzyme_dup, &iters, &diters, &diters, &diters);
  for (LANE = 0; LANE < 3; LANE++) {
    snprintf(label, sizeof label, "width 3 reverse lane %d: p", LANE);
    ck_gradient(label, gp[LANE], G_p, p, N);
    snprintf(label, sizeof label, "width 3 reverse lane %d: q", LANE);
    ck_gradient(label, gq[LANE], G_q, q, N);
  }

  /* batched forward, width 3: direction m moves p by vp[m] and q by vq[m] */
  double vp[3][N], vq[3][N], tout[3][N];
  for (int m = 0; m < 3; m++)
    for (int i = 0; i < N; i++) {
      vp[m][i] = sin(0.9 * i + m);
      vq[m][i] = cos(1.3 * i - m);
    }
  __enzyme_fwddiff((void *)solve, enzyme_width, 3, enzyme_dup, p, vp[0], vp[1], vp[2], enzyme_dup, q, vq[0], vq[1],
                   vq[2], enzyme_dup, out, tout[0], tout[1], tout[2], enzyme_const, &iters);
  for (int l = 0; l < 3; l++)
    for (int m = 0; m < 3; m++) {
      snprintf(label, sizeof label, "width 3 forward dir %d vs reverse lane %d", m, l);
      CHECK(label, ck_dot(W[l], tout[m], N), ck_dot(gp[l], vp[m], N) + ck_dot(gq[l], vq[m], N));
    }

  /* batched split: one augmented pass, the inputs scrambled, one reverse pass for 3 lanes */
  double sp[3][N] = {{0}}, sq[3][N] = {{0}}, sdout[3][N];
  memcpy(sdout, W, sizeof sdout);
  void *tape = __enzyme_augmentfwd((void *)solve, enzyme_width, 3, enzyme_dup, p, sp[0], sp[1], sp[2], enzyme_dup, q,
                                   sq[0], sq[1], sq[2], enzyme_dup, out, sdout[0], sdout[1], sdout[2], enzyme_const,
                                   &iters);
  double ref[N];
  int it2 = 0;
  solve(P0, Q0, ref, &it2);
  for (int i = 0; i < N; i++) CHECK_PRIMAL("split: primal outputs", out[i], ref[i]);
  for (int i = 0; i < N; i++) p[i] = q[i] = 99.0;
  __enzyme_reverse((void *)solve, enzyme_width, 3, enzyme_dup, p, sp[0], sp[1], sp[2], enzyme_dup, q, sq[0], sq[1],
                   sq[2], enzyme_dup, out, sdout[0], sdout[1], sdout[2], enzyme_const, &iters, tape);
  for (int l = 0; l < 3; l++)
    for (int i = 0; i < N; i++) {
      snprintf(label, sizeof label, "width 3 split lane %d equals combined: p[%d]", l, i);
      CHECK(label, sp[l][i], gp[l][i]);
      snprintf(label, sizeof label, "width 3 split lane %d equals combined: q[%d]", l, i);
      CHECK(label, sq[l][i], gq[l][i]);
    }
  return ck_done();
}
