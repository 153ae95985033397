// TEST: 1-D 3-point stencil sweeps (ping-pong buffers) and a 2-D 5-point Laplacian on a 9x7 grid, vectorized at -O3
#include "include/catalase_check.h"

void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...); /* same marker (name contains __enzyme_fwddiff), double result */

#define N1 19
#define NX 9
#define NY 7
/* Heat-equation smoothing: `sweeps` explicit steps on u (in place via tmp). */
static void smooth1d(double *u, double *tmp, double k, int n, int sweeps) {
  for (int s = 0; s < sweeps; s++) {
    tmp[0] = u[0];
    tmp[n - 1] = u[n - 1];
    for (int i = 1; i < n - 1; i++) tmp[i] = u[i] + k * (u[i - 1] - 2.0 * u[i] + u[i + 1]);
    for (int i = 0; i < n; i++) u[i] = tmp[i] * (1.0 + 0.01 * tmp[i]);
  }
}

/* out = Laplacian(g) * c + g*g, interior only; returns the sum of out. */
static double lap2d(const double g[NY][NX], double out[NY][NX], double c) {
  double s = 0.0;
  for (int j = 1; j < NY - 1; j++)
    for (int i = 1; i < NX - 1; i++) {
      out[j][i] = c * (g[j][i - 1] + g[j][i + 1] + g[j - 1][i] + g[j + 1][i] - 4.0 * g[j][i]) +
                  g[j][i] * g[j][i];
      s += out[j][i];
    }
  return s;
}

static double U0[N1], VU[N1], K = 0.2;
static double G[NY][NX], VG[NY][NX], C = 0.8, VC;
static int OUT;
static double along1(double t) {
  double u[N1], tmp[N1];
  for (int i = 0; i < N1; i++) u[i] = U0[i] + t * VU[i];
  smooth1d(u, tmp, K, N1, 25);
  return u[OUT];
}
static double along2(double t) {
  double g[NY][NX], o[NY][NX];
  for (int j = 0; j < NY; j++)
    for (int i = 0; i < NX; i++) g[j][i] = G[j][i] + t * VG[j][i];
  double s = lap2d(g, o, C + t * VC);
  return OUT < 0 ? s : o[OUT / NX][OUT % NX];
}

int main(void) {
  for (int i = 0; i < N1; i++) {
    U0[i] = sin(0.4 * i) + 0.1 * i;
    VU[i] = cos(0.9 * i);
  }
  for (int j = 0; j < NY; j++)
    for (int i = 0; i < NX; i++) {
      G[j][i] = 0.5 + 0.1 * i - 0.05 * j * i;
      VG[j][i] = sin(1.0 + i + 2.0 * j);
    }
  VC = 0.3;
  double u[N1], du[N1], tmp[N1], dtmp[N1];
  for (int i = 0; i < N1; i++) {
    u[i] = U0[i];
    du[i] = VU[i];
  }
  __enzyme_fwddiff((void *)smooth1d, u, du, tmp, dtmp, enzyme_const, K, enzyme_const, N1,
                   enzyme_const, 25);
  char name[48];
  for (OUT = 0; OUT < N1; OUT += 4) {
    snprintf(name, sizeof name, "1d: d u[%d]", OUT);
    CHECK(name, du[OUT], ck_fd1(along1, 0.0));
  }
  double o[NY][NX] = {{0}}, dout[NY][NX] = {{0}};
  double ds = __enzyme_fwddiff_d((void *)lap2d, G, VG, o, dout, C, VC);
  OUT = -1;
  CHECK("2d: d sum", ds, ck_fd1(along2, 0.0));
  for (OUT = NX + 1; OUT < NX * (NY - 1); OUT += 7) {
    if (OUT % NX == 0 || OUT % NX == NX - 1) continue;
    snprintf(name, sizeof name, "2d: d out[%d][%d]", OUT / NX, OUT % NX);
    CHECK(name, dout[OUT / NX][OUT % NX], ck_fd1(along2, 0.0));
  }
  return ck_done();
}
