// TEST: the built-in libm rows (erf, erfc, atan2, hypot, tanh, pow, expm1, log1p, cbrt, fmod, atan, asin, acos, sinh, cosh, tan, exp2, log10, log2, ldexp, scalbn, fmin, fmax, copysign, fabs, remainder, sqrt, round) in batched reverse mode (enzyme_width 4, each lane seeding other output weights) and batched forward mode (width 4 directions), double and float (through <tgmath.h>, so sinf, erff, ... are called); each lane's gradient against the finite differences of the weighted outputs (the float kernel's from its double twin), forward lanes against reverse lanes by the dot-product test
#include "include/ck_array.h"
#include <tgmath.h>

void __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);

#define NIN 6
#define NOUT 12

#define ROWS(NAME, T)                                                                 \
  __attribute__((noinline)) void NAME(const T *x, T *y) {                             \
    y[0] = erf(x[0]) * erfc(x[1]);                                                    \
    y[1] = atan2(x[2], x[3]) + hypot(x[0], x[4]);                                     \
    y[2] = tanh(x[1]) * pow(fabs(x[2]) + (T)0.5, x[3]);                               \
    y[3] = expm1(x[4]) + log1p(x[5] * x[5]);                                          \
    y[4] = cbrt(x[0] + (T)3) * fmod(x[2] * (T)5, (T)1.3);                             \
    y[5] = atan(x[1]) + asin(x[0] * (T)0.5) + acos(x[5] * (T)0.4);                    \
    y[6] = sinh(x[3]) - cosh(x[4]) + tan(x[2] * (T)0.5);                              \
    y[7] = exp2(x[1]) + log10(x[3] * x[3] + (T)1) + log2(x[4] * x[4] + (T)1);         \
    y[8] = ldexp(x[5], 3) + scalbn(x[0], -2);                                         \
    y[9] = fmin(x[0], x[1]) + fmax(x[2], x[3]) + copysign(x[4], x[5]) + fabs(x[5]);   \
    y[10] = remainder(x[3] * (T)4, (T)1.7) + sqrt(x[1] * x[1] + (T)0.3);              \
    y[11] = round(x[2] * (T)10) * x[3] + pow(x[0], (T)3) + exp(x[1]) * log(x[2] * x[2] + (T)1) + \
            sin(x[3]) * cos(x[4]);                                                    \
  }

ROWS(rows_d, double)
ROWS(rows_f, float)

static const double X0[NIN] = {0.63, -0.41, 0.77, 1.19, -0.58, 0.86};
static double W[4][NOUT];
static int LANE;

/* <w_lane, y(x)> in double: the reference for both kernels. */
static double G(double *x) {
  double y[NOUT];
  rows_d(x, y);
  return ck_dot(W[LANE], y, NOUT);
}

int main(void) {
  for (int l = 0; l < 4; l++)
    for (int k = 0; k < NOUT; k++) W[l][k] = cos(0.3 * k * (l + 1) + l);
  double x[NIN];
  memcpy(x, X0, sizeof x);

  /* double, width 4 reverse */
  double y[NOUT], dx[4][NIN] = {{0}}, dy[4][NOUT];
  memcpy(dy, W, sizeof dy);
  __enzyme_autodiff((void *)rows_d, enzyme_width, 4, enzyme_dup, x, dx[0], dx[1], dx[2], dx[3], enzyme_dupnoneed, y,
                    dy[0], dy[1], dy[2], dy[3]);
  char label[96];
  for (LANE = 0; LANE < 4; LANE++) {
    snprintf(label, sizeof label, "double width-4 reverse lane %d", LANE);
    ck_gradient(label, dx[LANE], G, x, NIN);
  }
  /* double, width 4 forward along four directions */
  double v[4][NIN], ty[4][NOUT];
  for (int m = 0; m < 4; m++)
    for (int i = 0; i < NIN; i++) v[m][i] = sin(1.1 * i + 0.7 * m + 0.2);
  __enzyme_fwddiff((void *)rows_d, enzyme_width, 4, enzyme_dup, x, v[0], v[1], v[2], v[3], enzyme_dup, y, ty[0], ty[1],
                   ty[2], ty[3]);
  for (int l = 0; l < 4; l++)
    for (int m = 0; m < 4; m++) {
      snprintf(label, sizeof label, "double w4 fwd dir %d / rev lane %d", m, l);
      ck_dot_test(label, W[l], ty[m], NOUT, dx[l], v[m], NIN);
    }

  /* float, width 4 reverse against the double twin */
  float xf[NIN], yf[NOUT], dxf[4][NIN] = {{0}}, dyf[4][NOUT];
  for (int i = 0; i < NIN; i++) xf[i] = (float)x[i];
  for (int l = 0; l < 4; l++)
    for (int k = 0; k < NOUT; k++) dyf[l][k] = (float)W[l][k];
  __enzyme_autodiff((void *)rows_f, enzyme_width, 4, enzyme_dup, xf, dxf[0], dxf[1], dxf[2], dxf[3], enzyme_dup, yf,
                    dyf[0], dyf[1], dyf[2], dyf[3]);
  double xr[NIN];
  for (int i = 0; i < NIN; i++) xr[i] = xf[i];
  for (LANE = 0; LANE < 4; LANE++)
    for (int i = 0; i < NIN; i++) {
      snprintf(label, sizeof label, "float width-4 reverse lane %d: d/dx[%d]", LANE, i);
      CHECK_F32(label, dxf[LANE][i], ck_fd_partial(G, xr, i));
    }
  /* float forward width 4 */
  float vf[4][NIN], tyf[4][NOUT];
  for (int m = 0; m < 4; m++)
    for (int i = 0; i < NIN; i++) vf[m][i] = (float)v[m][i];
  __enzyme_fwddiff((void *)rows_f, enzyme_width, 4, enzyme_dup, xf, vf[0], vf[1], vf[2], vf[3], enzyme_dup, yf, tyf[0],
                   tyf[1], tyf[2], tyf[3]);
  for (int m = 0; m < 4; m++) {
    double jv[NOUT], jtw = 0.0;
    for (int k = 0; k < NOUT; k++) jv[k] = tyf[m][k];
    for (int i = 0; i < NIN; i++) jtw += (double)dxf[1][i] * vf[m][i];
    snprintf(label, sizeof label, "float w4 fwd dir %d / rev lane 1", m);
    CHECK_F32(label, ck_dot(W[1], jv, NOUT), jtw);
  }
  return ck_done();
}
