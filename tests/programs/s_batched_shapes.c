// TEST: batched split mode shapes: a float function at widths 2, 3 and 4 (the differential returns as a struct of float lanes, which C passes as <2 x float> pieces and a float, enzyme_out float gradients as lanes), enzyme_dupv with a byte stride at width 4 in both calls, N separate double differential returns at width 2, and a caller-owned tape at width 2 reused by two augmented/reverse rounds; each lane against finite differences
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

extern int enzyme_width, enzyme_dupv;
ck_aug __enzyme_augmentfwd(void *, ...);
typedef struct { void *tape; float primal; } aug_f;
aug_f __enzyme_augmentfwd_f(void *, ...) __asm__("__enzyme_augmentfwd");
void __enzyme_reverse(void *, ...);
typedef struct { float d[2]; } fl2;
typedef struct { float d[3]; } fl3;
typedef struct { float d[4]; } fl4;
fl3 __enzyme_reverse_f3(void *, ...) __asm__("__enzyme_reverse");
fl2 __enzyme_reverse_f2(void *, ...) __asm__("__enzyme_reverse");
fl4 __enzyme_reverse_f4(void *, ...) __asm__("__enzyme_reverse");

#define N 5
static const double X0[N] = {0.3, -0.55, 0.8, 1.1, -0.2};
static int lane;

/* Float: a float array (dup) and a float scalar (active by value, promoted through `...`). */
static float fker(float *v, float t, int n) {
  float s = 0.0f;
  for (int i = 0; i < n; i++) {
    s += sinf(v[i] * t) * v[(i + 1) % n];
    v[i] = v[i] * 0.5f; /* overwritten: the reverse pass needs the old values from the tape */
  }
  return s + t * t;
}
static double fker_twin(double *vt) {
  double v[N], s = 0.0, t = vt[N];
  memcpy(v, vt, sizeof v);
  for (int i = 0; i < N; i++) {
    s += sin(v[i] * t) * v[(i + 1) % N]; /* the last term reads v[0] already halved */
    v[i] = v[i] * 0.5;
  }
  return s + t * t;
}
static double fseed(int l) { return 1.0 - 0.75 * l; }
/* Lane l: fseed(l) * fker + (l + 1) * (v[l % N] after the call). */
static double fobj(double *vt) {
  double after = 0.5 * vt[lane % N];
  return fseed(lane) * fker_twin(vt) + (lane + 1) * after;
}

#define FLOAT_SPLIT(W, LANES, REV, ...)                                                       \
  static void float_w##W(void) {                                                          \
    float v[N], dv[W][N];                                                                 \
    for (int i = 0; i < N; i++) v[i] = (float)X0[i];                                      \
    for (int l = 0; l < W; l++)                                                           \
      for (int i = 0; i < N; i++) dv[l][i] = (i == l % N) ? (float)(l + 1) : 0.0f;        \
    aug_f a = __enzyme_augmentfwd_f((void *)fker, enzyme_width, W, __VA_ARGS__, 0.7f, enzyme_const, N); \
    float vr[N];                                                                          \
    for (int i = 0; i < N; i++) vr[i] = (float)X0[i];                                     \
    CHECK_F32("float split width " #W ": primal", a.primal, fker(vr, 0.7f, N));           \
    LANES s;                                                                              \
    for (int l = 0; l < W; l++) s.d[l] = (float)fseed(l);                                 \
    LANES g = REV((void *)fker, enzyme_width, W, __VA_ARGS__, 0.7f, enzyme_const, N, s, a.tape); \
    char label[80];                                                                       \
    for (lane = 0; lane < W; lane++) {                                                    \
      double vt[N + 1], gd[N + 1];                                                        \
      for (int i = 0; i < N; i++) vt[i] = (float)X0[i], gd[i] = dv[lane][i];              \
      vt[N] = 0.7f, gd[N] = g.d[lane];                                                    \
      for (int i = 0; i <= N; i++) {                                                      \
        snprintf(label, sizeof label, "float split width %d lane %d: d/d[%d]", W, lane, i); \
        CHECK_F32(label, gd[i], ck_fd_partial(fobj, vt, i));                              \
      }                                                                                   \
    }                                                                                     \
  }
FLOAT_SPLIT(2, fl2, __enzyme_reverse_f2, v, dv[0], dv[1])
FLOAT_SPLIT(3, fl3, __enzyme_reverse_f3, v, dv[0], dv[1], dv[2])
FLOAT_SPLIT(4, fl4, __enzyme_reverse_f4, v, dv[0], dv[1], dv[2], dv[3])

static double energy(double *x, int n) {
  double e = 0.0;
  for (int i = 0; i < n; i++) e += x[i] * x[i] * cos(x[(i + 1) % n]) + exp(0.2 * x[i]);
  return e;
}
static double dseed(int l) { return 0.5 + l; }
static double eobj(double *x) { return dseed(lane) * energy(x, N); }

static void dupv_w4(void) {
  double x[N], block[4][N + 2];
  for (int i = 0; i < N; i++) x[i] = X0[i];
  for (int l = 0; l < 4; l++)
    for (int i = 0; i < N + 2; i++) block[l][i] = (i < N) ? 0.0 : -9.0;
  ck_aug a = __enzyme_augmentfwd((void *)energy, enzyme_width, 4, enzyme_dupv, (long)sizeof block[0], x, block[0],
                                 enzyme_const, N);
  struct { double d[4]; } s = {{dseed(0), dseed(1), dseed(2), dseed(3)}};
  __enzyme_reverse((void *)energy, enzyme_width, 4, enzyme_dupv, (long)sizeof block[0], x, block[0], enzyme_const,
                   N, s, a.tape);
  char label[80];
  for (lane = 0; lane < 4; lane++) {
    double x0[N];
    memcpy(x0, X0, sizeof x0);
    snprintf(label, sizeof label, "split dupv width 4 lane %d", lane);
    ck_gradient(label, block[lane], eobj, x0, N);
    CHECK_PRIMAL("split dupv: padding untouched", block[lane][N] + block[lane][N + 1], -18.0);
  }
}

/* Width 2, the two differential returns as separate doubles, a caller tape used twice. */
static void caller_tape_w2(void) {
  enum { SIZE = 256 };
  _Alignas(16) char tape[SIZE];
  int need = __enzyme_augmentsize((void *)energy, enzyme_width, 2, enzyme_dup, enzyme_const);
  CHECK("caller tape width 2: fits", need <= SIZE, 1.0);
  for (int round = 0; round < 2; round++) {
    double x[N], dx[2][N];
    for (int i = 0; i < N; i++) x[i] = X0[i] + 0.125 * round, dx[0][i] = dx[1][i] = 0.0;
    __enzyme_augmentfwd((void *)energy, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], enzyme_const, N,
                        enzyme_allocated, SIZE, enzyme_tape, tape);
    __enzyme_reverse((void *)energy, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], enzyme_const, N, dseed(0),
                     dseed(1), enzyme_allocated, SIZE, enzyme_tape, tape);
    char label[80];
    for (lane = 0; lane < 2; lane++) {
      double x0[N];
      for (int i = 0; i < N; i++) x0[i] = X0[i] + 0.125 * round;
      snprintf(label, sizeof label, "caller tape width 2 round %d lane %d", round, lane);
      ck_gradient(label, dx[lane], eobj, x0, N);
    }
  }
}

int main(void) {
  float_w2();
  float_w3();
  float_w4();
  dupv_w4();
  caller_tape_w2();
  return ck_done();
}
