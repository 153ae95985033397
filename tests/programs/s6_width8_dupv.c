// TEST: __enzyme_autodiff at enzyme_width 8 with enzyme_dupv: a map of 6 inputs to 8 outputs whose whole Jacobian comes from one combined reverse call (lane l seeds output l; the lanes' input and output shadows are rows of 2-D arrays with padded rows, reached by a byte stride), the enzyme_out parameter's 8 lane gradients returned as a struct, a const index table and a loop whose length depends on the data; a function with an active result at width 8 (every lane seeded 1.0); __enzyme_fwddiff at width 8 with enzyme_dupv for the dot-product test <w_l, J v_k> = <J^T w_l, v_k> over all 64 pairs; each Jacobian entry against finite differences
#include "include/ck_array.h"

typedef struct { double d[8]; } l8;
l8 __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);

#define N 6
#define M 8
#define XS 9 /* padded row of the input shadows, in doubles */
#define YS 11

static const int IDX[M] = {0, 3, 5, 1, 4, 2, 0, 5};

static void field(const double *x, double *y, const int *idx, double a) {
  double acc = 0.0;
  int k = 0;
  /* a prefix whose length depends on the data */
  while (k < N && acc < 1.5) acc += x[k] * x[k] + 0.1, k++;
  for (int j = 0; j < M; j++) {
    double u = x[idx[j]], v = x[(idx[j] + j) % N];
    y[j] = a * u * v + sin(u + a) * acc + (j % 2 ? exp(0.2 * v) : log(1.0 + u * u));
  }
}

static double energy(const double *x, double a) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += a * x[i] * x[i] * (i + 1) + cos(x[i] * a);
  return s;
}

static const double X0[N] = {0.4, -0.6, 0.3, 0.9, -0.2, 0.7};
static double A = 1.1;
static int ROW;
static double Y_x(double *x) { double y[M]; field(x, y, IDX, A); return y[ROW]; }
static double Y_a(double a) { double y[M]; field(X0, y, IDX, a); return y[ROW]; }
static double E_x(double *x) { return energy(x, A); }
static double E_a(double a) { return energy(X0, a); }

int main(void) {
  double x[N], y[M], xr[N];
  memcpy(x, X0, sizeof x);
  memcpy(xr, X0, sizeof xr);
  static double dx[M][XS], dy[M][YS];
  for (int l = 0; l < M; l++) {
    for (int i = 0; i < XS; i++) dx[l][i] = i < N ? 0.0 : -5.0;
    for (int j = 0; j < YS; j++) dy[l][j] = j == l ? 1.0 : (j < M ? 0.0 : -6.0);
  }
  l8 ga = __enzyme_autodiff((void *)field, enzyme_width, 8, enzyme_dupv, sizeof dx[0], x, &dx[0][0], enzyme_dupv,
                            sizeof dy[0], y, &dy[0][0], enzyme_const, IDX, A);
  double yr[M];
  field(X0, yr, IDX, A);
  for (int j = 0; j < M; j++) CHECK_PRIMAL("width 8: primal outputs written", y[j], yr[j]);
  for (int l = 0; l < M; l++) {
    char label[64];
    ROW = l;
    snprintf(label, sizeof label, "width 8 dupv: row %d", l);
    ck_gradient(label, dx[l], Y_x, xr, N);
    snprintf(label, sizeof label, "width 8 dupv: row %d d/da", l);
    CHECK(label, ga.d[l], ck_fd1(Y_a, A));
  }
  int pad_ok = 1;
  for (int l = 0; l < M; l++) {
    for (int i = N; i < XS; i++) pad_ok &= dx[l][i] == -5.0;
    for (int j = M; j < YS; j++) pad_ok &= dy[l][j] == -6.0;
  }
  CHECK_PRIMAL("width 8 dupv: padding untouched", pad_ok, 1);

  /* an active result at width 8: each lane seeded 1.0, the lanes' shadows interleaved rows */
  {
    static double de[M][N];
    memset(de, 0, sizeof de);
    l8 gea = __enzyme_autodiff((void *)energy, enzyme_width, 8, enzyme_dupv, sizeof de[0], x, &de[0][0], A);
    for (int l = 0; l < M; l++) {
      char label[64];
      snprintf(label, sizeof label, "width 8 active result: lane %d", l);
      ck_gradient(label, de[l], E_x, xr, N);
      CHECK(label, gea.d[l], ck_fd1(E_a, A));
    }
  }

  /* forward mode at width 8: 8 directions (v_k, va_k) through dupv; dot test for all pairs */
  {
    static double vx[M][XS], jv[M][YS];
    double va[M];
    struct { double p; double d[8]; } unused;
    (void)unused;
    for (int k = 0; k < M; k++) {
      for (int i = 0; i < XS; i++) vx[k][i] = i < N ? sin(1.0 + k * 0.7 + i * 1.3) : 0.0;
      va[k] = 0.25 * (k - 3);
      memset(jv[k], 0, sizeof jv[k]);
    }
    double xf[N], yf[M];
    memcpy(xf, X0, sizeof xf);
    __enzyme_fwddiff((void *)field, enzyme_width, 8, enzyme_dupv, sizeof vx[0], xf, &vx[0][0], enzyme_dupv, sizeof jv[0], yf,
                     &jv[0][0], enzyme_const, IDX, A, va[0], va[1], va[2], va[3], va[4], va[5], va[6], va[7]);
    for (int l = 0; l < M; l++)
      for (int k = 0; k < M; k++) {
        double w[M] = {0};
        w[l] = 1.0;
        double jtw[N + 1], v[N + 1];
        memcpy(jtw, dx[l], N * sizeof(double));
        jtw[N] = ga.d[l];
        memcpy(v, vx[k], N * sizeof(double));
        v[N] = va[k];
        char label[64];
        snprintf(label, sizeof label, "width 8 dot test w_%d v_%d", l, k);
        ck_dot_test(label, w, jv[k], M, jtw, v, N + 1);
      }
  }
  return ck_done();
}
