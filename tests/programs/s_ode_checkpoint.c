// TEST: an ODE adjoint by split mode: each RK4 step's augmented pass runs forward and keeps its tape (one per step, all alive at once), then the steps are reversed last to first, the adjoint of the state carried between them through the step's shadows, and the parameter's gradient summed over the steps; compared with finite differences of the whole integration
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

void *__enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

#define STEPS 40
#define DIM 2

static void rhs(const double *y, double *f, double mu) {
  f[0] = y[1];
  f[1] = mu * (1.0 - y[0] * y[0]) * y[1] - y[0];
}

/* One RK4 step of the Van der Pol oscillator: y_out = step(y_in). */
static void rk4_step(const double *y, double *out, double mu) {
  const double h = 0.05;
  double k1[DIM], k2[DIM], k3[DIM], k4[DIM], t[DIM];
  rhs(y, k1, mu);
  for (int i = 0; i < DIM; i++) t[i] = y[i] + 0.5 * h * k1[i];
  rhs(t, k2, mu);
  for (int i = 0; i < DIM; i++) t[i] = y[i] + 0.5 * h * k2[i];
  rhs(t, k3, mu);
  for (int i = 0; i < DIM; i++) t[i] = y[i] + h * k3[i];
  rhs(t, k4, mu);
  for (int i = 0; i < DIM; i++) out[i] = y[i] + h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
}

static double MU = 1.3;
static const double Y0[DIM] = {1.2, -0.4};
static double final_y0(const double *y0, double mu) {
  double a[DIM], b[DIM];
  memcpy(a, y0, sizeof a);
  for (int s = 0; s < STEPS; s++) { rk4_step(a, b, mu); memcpy(a, b, sizeof a); }
  return a[0] + 0.5 * a[1];
}
static double F_y(double *y0) { return final_y0(y0, MU); }
static double F_mu(double mu) { return final_y0(Y0, mu); }

int main(void) {
  static double ys[STEPS + 1][DIM], dys[STEPS + 1][DIM];
  void *tapes[STEPS];
  memcpy(ys[0], Y0, sizeof ys[0]);
  memset(dys, 0, sizeof dys);
  for (int s = 0; s < STEPS; s++)
    tapes[s] = __enzyme_augmentfwd((void *)rk4_step, enzyme_dup, ys[s], dys[s], enzyme_dup, ys[s + 1], dys[s + 1], MU);
  double y0r[DIM];
  memcpy(y0r, Y0, sizeof y0r);
  CHECK_PRIMAL("final state: primal", ys[STEPS][0] + 0.5 * ys[STEPS][1], F_y(y0r));
  dys[STEPS][0] = 1.0;
  dys[STEPS][1] = 0.5;
  double dmu = 0.0;
  for (int s = STEPS - 1; s >= 0; s--)
    dmu += __enzyme_reverse((void *)rk4_step, enzyme_dup, ys[s], dys[s], enzyme_dup, ys[s + 1], dys[s + 1], MU, tapes[s]);
  ck_gradient("Van der Pol after 40 steps: d/dy0", dys[0], F_y, y0r, DIM);
  CHECK("Van der Pol after 40 steps: d/dmu", dmu, ck_fd1(F_mu, MU));
  return ck_done();
}
