// TEST: batched reverse mode (enzyme_width N in __enzyme_autodiff): the Jacobian of a vector function R^6 -> R^5 (loops, libm, a helper call, a local array) in ceil(m/N) passes at widths 2, 4 and 8, each lane seeded with one output direction; every entry against finite differences, and the lanes of an enzyme_out gradient with an active return
#include <math.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_dupnoneed, enzyme_const, enzyme_out, enzyme_width;
void __enzyme_autodiff(void *, ...);
typedef struct { double d[4]; } lanes4;
lanes4 __enzyme_autodiff4(void *, ...) __asm__("__enzyme_autodiff");

#define NX 6
#define NY 5

__attribute__((noinline)) static double smooth(double a, double b) { return a * tanh(b) + log(1.0 + a * a); }

static void vecfun(const double *x, double *y, int nx, int ny) {
  double t[NX];
  for (int j = 0; j < nx; j++) t[j] = sin(x[j]) + 0.5 * x[(j + 1) % nx] * x[j];
  for (int i = 0; i < ny; i++) {
    double s = 0.0;
    for (int j = 0; j < nx; j++) s += t[j] * cos((i + 1) * 0.3 * x[j]);
    y[i] = smooth(s, x[i]) + exp(0.1 * x[(i + 2) % nx]);
  }
}

static const double X0[NX] = {0.4, -0.3, 0.9, 1.2, -0.8, 0.25};
static int out_row;
static double row_objective(double *x) {
  double y[NY];
  vecfun(x, y, NX, NY);
  return y[out_row];
}

/* J[i][j] = dy_i/dx_j from passes of `width` lanes: lane l of pass p seeds output row p*width+l. */
#define JACOBIAN(W)                                                                          \
  static void jacobian_w##W(double J[NY][NX]) {                                             \
    for (int base = 0; base < NY; base += W) {                                               \
      double x[NX], y[NY], dx[W][NX], dy[W][NY];                                             \
      memcpy(x, X0, sizeof x);                                                               \
      for (int l = 0; l < W; l++)                                                            \
        for (int i = 0; i < NY; i++) dy[l][i] = (i == base + l);                                \
      for (int l = 0; l < W; l++)                                                            \
        for (int j = 0; j < NX; j++) dx[l][j] = 0.0;                                         \
      CALL_W##W;                                                                             \
      for (int l = 0; l < W; l++)                                                            \
        for (int j = 0; j < NX; j++) {                                                       \
          if (base + l < NY) J[base + l][j] = dx[l][j];                                      \
          else if (dx[l][j] != 0.0) J[0][0] = NAN; /* a lane seeded with zero gives zero */ \
        }                                                                                    \
    }                                                                                        \
  }

#define CALL_W2 __enzyme_autodiff((void *)vecfun, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], \
                                  enzyme_dupnoneed, y, dy[0], dy[1], enzyme_const, NX, enzyme_const, NY)
#define CALL_W4 __enzyme_autodiff((void *)vecfun, enzyme_width, 4, enzyme_dup, x, dx[0], dx[1], dx[2], dx[3], \
                                  enzyme_dupnoneed, y, dy[0], dy[1], dy[2], dy[3], enzyme_const, NX, enzyme_const, NY)
#define CALL_W8 __enzyme_autodiff((void *)vecfun, enzyme_width, 8, enzyme_dup, x, dx[0], dx[1], dx[2], dx[3], \
                                  dx[4], dx[5], dx[6], dx[7], enzyme_dupnoneed, y, dy[0], dy[1], dy[2], dy[3], \
                                  dy[4], dy[5], dy[6], dy[7], enzyme_const, NX, enzyme_const, NY)
JACOBIAN(2)
JACOBIAN(4)
JACOBIAN(8)

static void check_jacobian(const char *what, double J[NY][NX]) {
  char label[96];
  for (int i = 0; i < NY; i++) {
    double x[NX];
    memcpy(x, X0, sizeof x);
    out_row = i;
    snprintf(label, sizeof label, "%s row %d", what, i);
    ck_gradient(label, J[i], row_objective, x, NX);
  }
}

/* An active return and an enzyme_out argument at width 4: each lane's gradient of
   f + <w_l, p after the call> (p is scaled in place). */
static double scaled(double a, double *p, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    s += a * p[i] * p[i];
    p[i] *= cos(a);
  }
  return s + sin(a);
}
static double A0 = 0.7;
static const double P0[3] = {1.5, -0.5, 0.25};
static const double W4[4][3] = {{1, 0, 0}, {0, 2, 0}, {0.5, 0.5, -1}, {0, 0, 0}};
static int lane;
static double lane_objective_p(double *p) {
  double q[3];
  memcpy(q, p, sizeof q);
  double f = scaled(A0, q, 3);
  return f + ck_dot(W4[lane], q, 3);
}
static double lane_objective_a(double a) {
  double q[3];
  memcpy(q, P0, sizeof q);
  double f = scaled(a, q, 3);
  return f + ck_dot(W4[lane], q, 3);
}

int main(void) {
  double J2[NY][NX], J4[NY][NX], J8[NY][NX];
  jacobian_w2(J2);
  jacobian_w4(J4);
  jacobian_w8(J8);
  check_jacobian("width 2 (3 passes)", J2);
  check_jacobian("width 4 (2 passes)", J4);
  check_jacobian("width 8 (1 pass)", J8);

  double p[3], dp[4][3];
  memcpy(p, P0, sizeof p);
  memcpy(dp, W4, sizeof dp);
  lanes4 da = __enzyme_autodiff4((void *)scaled, enzyme_width, 4, enzyme_out, A0,
                                 enzyme_dup, p, dp[0], dp[1], dp[2], dp[3], enzyme_const, 3);
  char label[96];
  for (lane = 0; lane < 4; lane++) {
    double p0[3];
    memcpy(p0, P0, sizeof p0);
    snprintf(label, sizeof label, "width 4 lane %d: d/dp", lane);
    ck_gradient(label, dp[lane], lane_objective_p, p0, 3);
    snprintf(label, sizeof label, "width 4 lane %d: d/da", lane);
    CHECK(label, da.d[lane], ck_fd1(lane_objective_a, A0));
  }
  return ck_done();
}
