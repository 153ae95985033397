// TEST: nested batching: __enzyme_fwddiff at enzyme_width 2 and 4 of a function that itself calls __enzyme_autodiff at enzyme_width 2 (two weighted gradients of a vector function in one reverse call, so the outer tangent of every inner shadow is a lane of a lane), __enzyme_autodiff of a function calling __enzyme_fwddiff at width 3 (reverse over batched forward), and __enzyme_autodiff at width 2 of a function calling __enzyme_fwddiff (batched reverse over forward); every second derivative against finite differences of the first derivatives, which are themselves checked
#include "include/ck_array.h"

void __enzyme_autodiff(void *, ...);
double __enzyme_autodiff_d(void *, ...) __asm__("__enzyme_autodiff");
void __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...) __asm__("__enzyme_fwddiff");
typedef struct { double d[3]; } v3;
v3 __enzyme_fwddiff3(void *, ...) __asm__("__enzyme_fwddiff");

#define N 3
#define M 2

/* y = F(x), R^3 -> R^2 */
__attribute__((noinline)) void F(const double *x, double *y) {
  y[0] = x[0] * x[1] + sin(x[2]) * x[0] * x[0];
  y[1] = exp(0.3 * x[0]) * x[2] + x[1] * x[1] * x[2];
}

/* two VJPs in one batched reverse call: g_l = J^T w_l for the fixed weights W */
static const double W[2][M] = {{1.0, -0.5}, {0.3, 2.0}};
__attribute__((noinline)) void vjp2(const double *x, double *g0, double *g1) {
  double y[M], dy0[M], dy1[M];
  for (int i = 0; i < N; i++) g0[i] = g1[i] = 0.0;
  for (int i = 0; i < M; i++) dy0[i] = W[0][i], dy1[i] = W[1][i];
  __enzyme_autodiff((void *)F, enzyme_width, 2, enzyme_dup, x, g0, g1, enzyme_dupnoneed, y, dy0, dy1);
}

/* scalar: sum over lanes of <g_l, c_l>, to check the outer derivatives against FD */
static const double C[2][N] = {{0.7, -1.0, 0.4}, {1.5, 0.2, -0.6}};
static double vjp_scalar(double *x) {
  double g0[N], g1[N];
  vjp2(x, g0, g1);
  return ck_dot(g0, C[0], N) + ck_dot(g1, C[1], N);
}
static int LANE, COMP;
static double vjp_comp(double *x) {
  double g0[N], g1[N];
  vjp2(x, g0, g1);
  return LANE ? g1[COMP] : g0[COMP];
}

/* JVPs: three directional derivatives at once, summed with weights */
static const double V[3][N] = {{1, 0, 0}, {0, 1, 0}, {0.5, 0.5, 1}};
__attribute__((noinline)) double jvp3_sum(const double *x) {
  double y[M], t[3][M];
  __enzyme_fwddiff((void *)F, enzyme_width, 3, enzyme_dup, x, V[0], V[1], V[2], enzyme_dup, y, t[0], t[1], t[2]);
  double s = 0.0;
  for (int l = 0; l < 3; l++) s += (l + 1.0) * (t[l][0] - 0.5 * t[l][1]) * (t[l][0] + t[l][1]);
  return s;
}
static double jvp3_sum_p(double *x) { return jvp3_sum(x); }

/* one directional derivative, squared: batched reverse over it with a 2-lane seed */
__attribute__((noinline)) double jvp_sq(const double *x, double *out) {
  double y[M], t[M];
  __enzyme_fwddiff((void *)F, enzyme_dup, x, V[2], enzyme_dup, y, t);
  out[0] = t[0] * t[0];
  out[1] = t[0] * t[1] + y[0];
  return 0.0;
}
static const double S[2][2] = {{1.0, 0.0}, {-0.4, 1.3}};
static double jvp_sq_w(double *x, int l) {
  double o[2];
  jvp_sq(x, o);
  return S[l][0] * o[0] + S[l][1] * o[1];
}
static double jvp_sq_w0(double *x) { return jvp_sq_w(x, 0); }
static double jvp_sq_w1(double *x) { return jvp_sq_w(x, 1); }

int main(void) {
  double x[N] = {0.6, -0.9, 1.2};
  char label[96];
  /* the inner batched VJP itself */
  double g0[N], g1[N];
  vjp2(x, g0, g1);
  for (LANE = 0; LANE < 2; LANE++)
    for (COMP = 0; COMP < N; COMP++) {
      double y[M];
      /* <w, F(x)> finite difference in coordinate COMP */
      double xp[N], xm[N], hh = ck_step(x[COMP]);
      memcpy(xp, x, sizeof xp);
      memcpy(xm, x, sizeof xm);
      xp[COMP] += hh;
      xm[COMP] -= hh;
      F(xp, y);
      double fp = W[LANE][0] * y[0] + W[LANE][1] * y[1];
      F(xm, y);
      double fm = W[LANE][0] * y[0] + W[LANE][1] * y[1];
      snprintf(label, sizeof label, "inner vjp lane %d [%d]", LANE, COMP);
      CHECK(label, LANE ? g1[COMP] : g0[COMP], (fp - fm) / (2 * hh));
    }

  /* forward width 2 over vjp2: lane k along e_k */
  double e0[N] = {1, 0, 0}, e1[N] = {0, 1, 0}, e2[N] = {0, 0, 1}, e3[N] = {0.3, -0.2, 0.9};
  double G0[N], G1[N], t[4][2][N];
  __enzyme_fwddiff((void *)vjp2, enzyme_width, 2, enzyme_dup, x, e0, e1, enzyme_dup, G0, t[0][0], t[1][0],
                   enzyme_dup, G1, t[0][1], t[1][1]);
  for (int k = 0; k < 2; k++)
    for (LANE = 0; LANE < 2; LANE++)
      for (COMP = 0; COMP < N; COMP++) {
        snprintf(label, sizeof label, "width 2 over batched vjp: d/dx%d g%d[%d]", k, LANE, COMP);
        CHECK(label, t[k][LANE][COMP], ck_fd_partial(vjp_comp, x, k));
      }
  /* width 4 over vjp2 with a mixed fourth direction */
  __enzyme_fwddiff((void *)vjp2, enzyme_width, 4, enzyme_dup, x, e0, e1, e2, e3, enzyme_dup, G0, t[0][0], t[1][0],
                   t[2][0], t[3][0], enzyme_dup, G1, t[0][1], t[1][1], t[2][1], t[3][1]);
  for (int k = 0; k < 3; k++)
    for (LANE = 0; LANE < 2; LANE++)
      for (COMP = 0; COMP < N; COMP++) {
        snprintf(label, sizeof label, "width 4 over batched vjp: d/dx%d g%d[%d]", k, LANE, COMP);
        CHECK(label, t[k][LANE][COMP], ck_fd_partial(vjp_comp, x, k));
      }
  for (LANE = 0; LANE < 2; LANE++)
    for (COMP = 0; COMP < N; COMP++) {
      double want = 0.0;
      for (int k = 0; k < N; k++) want += e3[k] * ck_fd_partial(vjp_comp, x, k);
      snprintf(label, sizeof label, "width 4 lane 3 mixed direction g%d[%d]", LANE, COMP);
      CHECK(label, t[3][LANE][COMP], want);
    }
  /* reverse over the batched vjp (scalar of it) and dot test with forward */
  double hx[N] = {0};
  __enzyme_autodiff((void *)vjp_scalar, enzyme_dup, x, hx);
  ck_gradient("reverse over batched reverse", hx, vjp_scalar, x, N);
  /* reverse over width-3 forward */
  double gj[N] = {0};
  __enzyme_autodiff_d((void *)jvp3_sum, enzyme_dup, x, gj);
  ck_gradient("reverse over width 3 forward", gj, jvp3_sum_p, x, N);
  v3 fj = __enzyme_fwddiff3((void *)jvp3_sum, enzyme_width, 3, enzyme_dup, x, e0, e1, e3);
  CHECK("dot test lane 0", gj[0], fj.d[0]);
  CHECK("dot test lane 1", gj[1], fj.d[1]);
  CHECK("dot test lane 2", ck_dot(gj, e3, N), fj.d[2]);
  /* batched reverse (width 2) over forward, output seeds per lane */
  double dx0[N] = {0}, dx1[N] = {0}, o[2], so0[2] = {S[0][0], S[0][1]}, so1[2] = {S[1][0], S[1][1]};
  __enzyme_autodiff((void *)jvp_sq, enzyme_width, 2, enzyme_dup, x, dx0, dx1, enzyme_dupnoneed, o, so0, so1);
  ck_gradient("batched reverse over forward lane 0", dx0, jvp_sq_w0, x, N);
  ck_gradient("batched reverse over forward lane 1", dx1, jvp_sq_w1, x, N);
  return ck_done();
}
