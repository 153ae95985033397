// TEST: reverse mode through stencils that LLVM vectorizes into overlapping vector loads (u[j-1], u[j], u[j+1] as pairs or quads 8 bytes apart, whose adjoints the reverse sweep adds one element at a time): a periodic 1-D three-point stencil (double and float), a 2-D five-point Laplacian over rows, the stencil as a called helper (its augmented and reverse parts) and at enzyme_width 2; every gradient against finite differences
// CFLAGS: -march=native
// LDFLAGS: -march=native
#include <math.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const, enzyme_width;
void __enzyme_autodiff(void *, ...);

#define N 67
#define R 6
#define C 34

static void smooth(const double *u, double *out, int n) {
  for (int j = 1; j < n - 1; j++) out[j] = 0.25 * u[j - 1] + 0.5 * u[j] + 0.3 * u[j + 1] * u[j + 1];
  out[0] = u[n - 1] + u[0] * u[1];
  out[n - 1] = u[n - 2] - u[0];
}

static void smooth_f(const float *u, float *out, int n) {
  for (int j = 1; j < n - 1; j++) out[j] = (u[j - 1] - 2.0f * u[j] + u[j + 1]) * u[j];
}

static double stencil_loss(const double *u, const double *w) {
  double out[N];
  smooth(u, out, N);
  double s = 0.0;
  for (int j = 0; j < N; j++) s += w[j] * out[j] * out[j];
  return s;
}

/* A 2-D Laplacian over the interior of R rows of C columns, then a weighted sum of squares. */
static double laplace_loss(const double *u, const double *w) {
  double s = 0.0;
  for (int i = 1; i < R - 1; i++)
    for (int j = 1; j < C - 1; j++) {
      double l = u[(i - 1) * C + j] + u[(i + 1) * C + j] + u[i * C + j - 1] + u[i * C + j + 1] - 4.0 * u[i * C + j];
      s += w[i * C + j] * l * l + u[i * C + j] * l;
    }
  return s;
}

/* The Laplacian into an array: out = L(u) over the interior (edges stay 0). */
static void laplace_out(const double *u, double *out) {
  for (int i = 1; i < R - 1; i++)
    for (int j = 1; j < C - 1; j++)
      out[i * C + j] = u[(i - 1) * C + j] + u[(i + 1) * C + j] + u[i * C + j - 1] + u[i * C + j + 1] - 4.0 * u[i * C + j];
}

/* The stencil as a callee: smooth() runs as an augmented part and a reverse part. */
static double twice(const double *u, const double *w) {
  double a[N], b[N];
  smooth(u, a, N);
  smooth(a, b, N);
  return ck_dot(w, b, N);
}

static double U[R * C], W[R * C], WL[2][R * C];
static float UF[N], WF[N];
static int lane;
static double F_stencil(double *u) { return stencil_loss(u, W); }
static double F_laplace(double *u) { return laplace_loss(u, W); }
static double F_laplace_lane(double *u) {
  double out[R * C] = {0};
  laplace_out(u, out);
  return ck_dot(WL[lane], out, R * C);
}
static double F_twice(double *u) { return twice(u, W); }

int main(void) {
  for (int i = 0; i < R * C; i++) {
    U[i] = 0.6 * sin(0.31 * i + 0.2) + 0.01 * i;
    W[i] = 0.5 + 0.3 * cos(0.17 * i);
    WL[0][i] = W[i];
    WL[1][i] = 1.0 - 0.2 * sin(0.05 * i);
  }
  for (int j = 0; j < N; j++) UF[j] = (float)(0.4 * cos(0.23 * j)), WF[j] = (float)(1.0 + 0.01 * j);
  double d[R * C], dl[2][R * C];

  for (int i = 0; i < N; i++) d[i] = 0.0;
  __enzyme_autodiff((void *)stencil_loss, enzyme_dup, U, d, enzyme_const, W);
  ck_gradient("1-D stencil", d, F_stencil, U, N);

  for (int i = 0; i < R * C; i++) d[i] = 0.0;
  __enzyme_autodiff((void *)laplace_loss, enzyme_dup, U, d, enzyme_const, W);
  ck_gradient("2-D Laplacian", d, F_laplace, U, R * C);

  for (int i = 0; i < N; i++) d[i] = 0.0;
  __enzyme_autodiff((void *)twice, enzyme_dup, U, d, enzyme_const, W);
  ck_gradient("stencil as a called helper, twice", d, F_twice, U, N);

  /* Width 2: lane l seeds out with WL[l]. */
  double out[R * C], dout[2][R * C];
  for (int l = 0; l < 2; l++)
    for (int i = 0; i < R * C; i++) dl[l][i] = 0.0, dout[l][i] = WL[l][i], out[i] = 0.0;
  __enzyme_autodiff((void *)laplace_out, enzyme_width, 2, enzyme_dup, U, dl[0], dl[1], enzyme_dup, out, dout[0],
                    dout[1]);
  for (lane = 0; lane < 2; lane++) {
    char label[64];
    snprintf(label, sizeof label, "2-D Laplacian, width 2, lane %d", lane);
    ck_gradient(label, dl[lane], F_laplace_lane, U, R * C);
  }

  /* Float: out[j] = (u[j-1] - 2u[j] + u[j+1]) u[j] seeded with w; the gradient by hand in double. */
  float df[N] = {0}, outf[N] = {0}, doutf[N];
  for (int j = 0; j < N; j++) doutf[j] = WF[j];
  __enzyme_autodiff((void *)smooth_f, enzyme_dup, UF, df, enzyme_dup, outf, doutf, enzyme_const, N);
  double want[N] = {0};
  for (int j = 1; j < N - 1; j++) {
    double l = (double)UF[j - 1] - 2.0 * UF[j] + UF[j + 1];
    want[j - 1] += WF[j] * (double)UF[j];
    want[j] += WF[j] * (l - 2.0 * UF[j]);
    want[j + 1] += WF[j] * (double)UF[j];
  }
  for (int j = 0; j < N; j++) {
    char label[48];
    snprintf(label, sizeof label, "float stencil: d/du[%d]", j);
    CHECK_F32(label, df[j], want[j]);
  }
  return ck_done();
}
