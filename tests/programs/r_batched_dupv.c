// TEST: batched reverse mode shapes: enzyme_dupv with a byte stride at width 4 (the lanes' shadows in one padded block, and interleaved), enzyme_primal_return at width 4 (primal first, then the enzyme_out lanes), float kernels at widths 2 and 4 (float shadows, enzyme_out float lanes as <2 x float> pairs); each lane against finite differences
#include <math.h>
#include <stddef.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_dupv, enzyme_const, enzyme_out, enzyme_width, enzyme_primal_return;
void __enzyme_autodiff(void *, ...);
typedef struct { double p; double d[4]; } prim4;
prim4 __enzyme_autodiff_p4(void *, ...);
typedef struct { float d[2]; } flanes2;
flanes2 __enzyme_autodiff_f2(void *, ...);
typedef struct { float d[4]; } flanes4;
flanes4 __enzyme_autodiff_f4(void *, ...);

#define N 5
#define PAD 3 /* doubles between one lane's shadow and the next beyond N */

static double energy(double *x, int n) {
  double e = 0.0;
  for (int i = 0; i < n; i++) {
    double d = x[(i + 1) % n] - 0.5 * x[i];
    e += d * d * cos(0.3 * x[i]) + exp(0.1 * x[i]);
  }
  x[0] = e * x[1]; /* in place: lane l's shadow of x[0] weighs this store */
  return e;
}

static const double X0[N] = {0.35, -0.7, 1.1, 0.2, -0.45};
static int lane;
static double lane_seed(int l) { return 0.5 + 0.25 * l; }
static double w_store(int l) { return l == 2 ? 0.0 : 1.0 - 0.5 * l; }
/* Lane l: seed_l * energy(x) + w_l * (x[0] after the call). */
static double objective(double *x) {
  double y[N];
  memcpy(y, x, sizeof y);
  double e = energy(y, N);
  return lane_seed(lane) * e + w_store(lane) * y[0];
}

static void dupv_padded(void) {
  double x[N], block[4][N + PAD];
  memcpy(x, X0, sizeof x);
  for (int l = 0; l < 4; l++)
    for (int i = 0; i < N + PAD; i++) block[l][i] = (i == 0) ? w_store(l) : (i >= N ? 100.0 + i : 0.0);
  /* The return is active; at width 4 each lane's seed is 1.0: the store weights carry lane_seed. */
  for (int l = 0; l < 4; l++) block[l][0] = w_store(l) / lane_seed(l);
  __enzyme_autodiff((void *)energy, enzyme_width, 4, enzyme_dupv, (long)sizeof block[0], x, block[0], enzyme_const, N);
  char label[96];
  for (lane = 0; lane < 4; lane++) {
    double g[N], x0[N];
    for (int i = 0; i < N; i++) g[i] = lane_seed(lane) * block[lane][i];
    memcpy(x0, X0, sizeof x0);
    snprintf(label, sizeof label, "dupv padded stride, lane %d", lane);
    ck_gradient(label, g, objective, x0, N);
    for (int i = N; i < N + PAD; i++) {
      snprintf(label, sizeof label, "dupv padding untouched, lane %d [%d]", lane, i);
      CHECK_PRIMAL(label, block[lane][i], 100.0 + i);
    }
  }
}

/* Interleaved: element i of lane l at shadow[i*4 + l], so the byte stride is one double and x is
   read with a stride of 4 through a helper that takes the element distance. */
static double strided(double *x, int n, int step) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += sin(x[i * step]) * x[((i + 1) % n) * step];
  return s;
}
static double strided_obj(double *x) { return strided(x, N, 1); }

static void dupv_interleaved(void) {
  double x[N * 4], sh[N * 4 + 3];
  for (int i = 0; i < N; i++)
    for (int l = 0; l < 4; l++) x[i * 4 + l] = (l == 0) ? X0[i] : 7.0;
  for (int i = 0; i < N * 4 + 3; i++) sh[i] = 0.0;
  __enzyme_autodiff((void *)strided, enzyme_width, 4, enzyme_dupv, (long)sizeof(double), x, sh, enzyme_const, N,
                    enzyme_const, 4);
  /* Lane l's shadow starts l doubles in: its entry for x[i*4] is sh[i*4 + l]. */
  char label[96];
  for (int l = 0; l < 4; l++) {
    double g[N], x0[N];
    for (int i = 0; i < N; i++) g[i] = sh[i * 4 + l];
    memcpy(x0, X0, sizeof x0);
    snprintf(label, sizeof label, "dupv interleaved, lane %d", l);
    ck_gradient(label, g, strided_obj, x0, N);
  }
}

static double scaled(double a, double b) { return a * a * cos(b) + log(1.0 + b * b) * a; }
static double S_a(double a) { return scaled(a, -0.4); }

static void primal_return_w4(void) {
  prim4 r = __enzyme_autodiff_p4((void *)scaled, enzyme_width, 4, enzyme_primal_return, enzyme_out, 0.8,
                                 enzyme_const, -0.4);
  CHECK_PRIMAL("primal_return width 4: primal", r.p, scaled(0.8, -0.4));
  char label[96];
  for (int l = 0; l < 4; l++) {
    snprintf(label, sizeof label, "primal_return width 4 lane %d: d/da", l);
    CHECK(label, r.d[l], ck_fd1(S_a, 0.8));
  }
}

/* Float kernel: float array in and out, a float scalar active by value. */
static float fkern(float *v, float *o, float t, int n) {
  float acc = 0.0f;
  for (int i = 0; i < n; i++) {
    o[i] = sinf(v[i] * t) + 0.5f * v[i] * v[(i + 1) % n];
    acc += o[i] * expf(-0.1f * v[i]);
  }
  return acc * t;
}
static const float V0[N] = {0.3f, -0.6f, 0.9f, 0.15f, -0.25f};
static const float T0 = 0.7f;
/* Lane l: 1 * return + sum_i w[l][i] * o[i], differentiated in double through a twin. */
static double twin(const double *v, double t, double *o) {
  double acc = 0.0;
  for (int i = 0; i < N; i++) {
    o[i] = sin(v[i] * t) + 0.5 * v[i] * v[(i + 1) % N];
    acc += o[i] * exp(-0.1 * v[i]);
  }
  return acc * t;
}
static double OW[4][N];
static double twin_obj(double *vt) {
  double o[N];
  double r = twin(vt, vt[N], o);
  return r + ck_dot(OW[lane], o, N);
}

#define FLOAT_WIDTH(W, TYPE, MARKER, ...)                                                        \
  static void float_w##W(void) {                                                              \
    float v[N], o[N], dv[W][N], dout[W][N];                                                    \
    memcpy(v, V0, sizeof v);                                                                   \
    for (int l = 0; l < W; l++)                                                                \
      for (int i = 0; i < N; i++) {                                                            \
        dv[l][i] = 0.0f;                                                                       \
        OW[l][i] = (i + l) % 3 == 0 ? 1.0 : -0.25 * l;                                         \
        dout[l][i] = (float)OW[l][i];                                                          \
      }                                                                                        \
    TYPE g = MARKER((void *)fkern, enzyme_width, W, __VA_ARGS__, T0, enzyme_const, N);         \
    char label[96];                                                                            \
    for (lane = 0; lane < W; lane++) {                                                         \
      double vt[N + 1], gd[N + 1];                                                             \
      for (int i = 0; i < N; i++) vt[i] = V0[i], gd[i] = dv[lane][i];                          \
      vt[N] = T0, gd[N] = g.d[lane];                                                           \
      for (int i = 0; i <= N; i++) {                                                           \
        snprintf(label, sizeof label, "float width %d lane %d: d/d[%d]", W, lane, i);         \
        CHECK_F32(label, gd[i], ck_fd_partial(twin_obj, vt, i));                               \
      }                                                                                        \
    }                                                                                          \
  }
FLOAT_WIDTH(2, flanes2, __enzyme_autodiff_f2, enzyme_dup, v, dv[0], dv[1], enzyme_dup, o, dout[0], dout[1])
FLOAT_WIDTH(4, flanes4, __enzyme_autodiff_f4, enzyme_dup, v, dv[0], dv[1], dv[2], dv[3], enzyme_dup, o, dout[0],
            dout[1], dout[2], dout[3])

int main(void) {
  dupv_padded();
  dupv_interleaved();
  primal_return_w4();
  float_w2();
  float_w4();
  return ck_done();
}
