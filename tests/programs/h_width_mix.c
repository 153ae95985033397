// TEST: enzyme_width 2/4/8 combined with struct pointers, dup arrays, dupv on inputs and outputs, and primal_return with width 4
#include "include/catalase_check.h"

typedef struct { double d[2]; } v2;
typedef struct { double d[4]; } v4;
typedef struct { double d[8]; } v8;
typedef struct { double p; double d[4]; } pv4;
void __enzyme_fwddiff(void *, ...);
v2 __enzyme_fwddiff_v2(void *, ...);
v4 __enzyme_fwddiff_v4(void *, ...);
pv4 __enzyme_fwddiff_pv4(void *, ...);

typedef struct { double k, m, c; int steps; } model;
#define N 6
/* Damped oscillator energy after a few symplectic Euler steps; x[0]=pos, x[1]=vel. */
static double energy(const model *p, const double *x0, double dt) {
  double q = x0[0], v = x0[1];
  for (int s = 0; s < p->steps; s++) {
    v += dt * (-p->k * q - p->c * v) / p->m;
    q += dt * v;
  }
  return 0.5 * p->m * v * v + 0.5 * p->k * q * q;
}
/* y = softplus(W x) rowwise with W N x N stored flat. */
static void layer(const double *w, const double *x, double *y) {
  for (int i = 0; i < N; i++) {
    double s = 0.0;
    for (int j = 0; j < N; j++) s += w[i * N + j] * x[j];
    y[i] = log1p(exp(s));
  }
}

static model M0 = {2.0, 1.5, 0.3, 40};
static double X0[2] = {0.6, -0.2}, DT = 0.05;
static double W[N * N], XL[N];
static double VM[3], VX[2], VDT, VW[N * N], VXL[N];
static int WHICH, OUT;
static double along(double t) {
  if (WHICH == 0) {
    model m = {M0.k + t * VM[0], M0.m + t * VM[1], M0.c + t * VM[2], M0.steps};
    double x[2] = {X0[0] + t * VX[0], X0[1] + t * VX[1]};
    return energy(&m, x, DT + t * VDT);
  }
  double w[N * N], x[N], y[N];
  for (int i = 0; i < N * N; i++) w[i] = W[i] + t * VW[i];
  for (int i = 0; i < N; i++) x[i] = XL[i] + t * VXL[i];
  layer(w, x, y);
  return y[OUT];
}

int main(void) {
  char name[64];
  /* Width 2: two directions through a struct pointer and an array pointer. */
  model dm[2] = {{1.0, 0.0, 0.0, 0}, {0.0, 0.5, -1.0, 0}};
  double dx[2][2] = {{0.0, 0.0}, {1.0, 0.3}}, ddt[2] = {0.0, 0.2};
  v2 e2 = __enzyme_fwddiff_v2((void *)energy, enzyme_width, 2, &M0, &dm[0], &dm[1], X0, dx[0],
                              dx[1], DT, ddt[0], ddt[1]);
  WHICH = 0;
  for (int l = 0; l < 2; l++) {
    VM[0] = dm[l].k, VM[1] = dm[l].m, VM[2] = dm[l].c;
    VX[0] = dx[l][0], VX[1] = dx[l][1], VDT = ddt[l];
    snprintf(name, sizeof name, "width2 energy lane%d", l);
    CHECK(name, e2.d[l], ck_fd1(along, 0.0));
  }
  /* Width 4 + primal_return through struct pointer: lanes seed k, m, c, x0[0]. */
  model dm4[4] = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}};
  double dx4[4][2] = {{0, 0}, {0, 0}, {0, 0}, {1, 0}};
  pv4 r = __enzyme_fwddiff_pv4((void *)energy, enzyme_width, 4, enzyme_primal_return, &M0,
                               &dm4[0], &dm4[1], &dm4[2], &dm4[3], X0, dx4[0], dx4[1], dx4[2],
                               dx4[3], DT, 0.0, 0.0, 0.0, 0.0);
  CHECK_PRIMAL("width4 primal_return: primal", r.p, energy(&M0, X0, DT));
  for (int l = 0; l < 4; l++) {
    VM[0] = dm4[l].k, VM[1] = dm4[l].m, VM[2] = dm4[l].c;
    VX[0] = dx4[l][0], VX[1] = dx4[l][1], VDT = 0.0;
    snprintf(name, sizeof name, "width4 primal_return lane%d", l);
    CHECK(name, r.d[l], ck_fd1(along, 0.0));
  }
  /* Width 8 with dupv: the 8 input directions and 8 output tangents are rows of 2-D arrays. */
  for (int i = 0; i < N * N; i++) W[i] = 0.3 * sin(1.0 + i) + (i % (N + 1) == 0 ? 0.5 : 0.0);
  for (int i = 0; i < N; i++) XL[i] = 0.2 * i - 0.4;
  static double dW[8][N * N], dX[8][N], Y[N], dY[8][N];
  for (int l = 0; l < 8; l++) {
    for (int i = 0; i < N * N; i++) dW[l][i] = (i % 8 == l) ? 1.0 : 0.0;
    for (int i = 0; i < N; i++) dX[l][i] = (l == 7) ? 1.0 / (i + 1) : 0.0;
  }
  __enzyme_fwddiff((void *)layer, enzyme_width, 8, enzyme_dupv, (long)sizeof dW[0], W, dW,
                   enzyme_dupv, (long)sizeof dX[0], XL, dX, enzyme_dupv, (long)sizeof dY[0], Y, dY);
  WHICH = 1;
  for (int l = 0; l < 8; l += 1) {
    for (int i = 0; i < N * N; i++) VW[i] = dW[l][i];
    for (int i = 0; i < N; i++) VXL[i] = dX[l][i];
    for (OUT = l % 3; OUT < N; OUT += 3) {
      snprintf(name, sizeof name, "width8 dupv layer lane%d y[%d]", l, OUT);
      CHECK(name, dY[l][OUT], ck_fd1(along, 0.0));
    }
  }
  return ck_done();
}
