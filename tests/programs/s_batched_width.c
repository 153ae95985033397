// TEST: batched split mode (enzyme_width 2, 4 and 8 in __enzyme_augmentfwd / __enzyme_reverse): one augmented pass and one tape shared by the lanes, the differential returns passed as a struct of N doubles, enzyme_out gradients as N lanes, enzyme_nofree reversed twice, and a caller-owned tape sized by __enzyme_augmentsize; each lane against finite differences
#include <math.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

extern int enzyme_width;
ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_augmentfwd_d(void *, ...) __asm__("__enzyme_augmentfwd");
void __enzyme_reverse(void *, ...);
typedef struct { double d[2]; } lanes2;
lanes2 __enzyme_reverse2(void *, ...) __asm__("__enzyme_reverse");

typedef struct { double s[2]; } seeds2;
typedef struct { double s[4]; } seeds4;
typedef struct { double s[8]; } seeds8;

#define N 6

static double energy(double *x, int n) {
  double e = 0.0;
  for (int i = 0; i < n; i++) {
    double d = x[(i + 1) % n] - x[i];
    e += d * d * exp(0.2 * x[i]) + sin(x[i]);
    x[i] *= 0.5; /* overwritten after being read: the tape keeps what the reverse needs */
  }
  return e;
}
static double scaled(double a, double b) { return a * a * cos(b) + log(1.0 + b * b) * a; }

static const double X0[N] = {0.3, -0.2, 0.9, 1.1, -0.7, 0.4};
static double lane_seed(int l) { return 1.0 + 0.5 * l; }
static int lane;
/* The objective of lane l: seed_l * energy(x) + <w_l, x after the call>, w_l[i] = (i == l) */
static double objective(double *x) {
  double y[N];
  memcpy(y, x, sizeof y);
  double e = energy(y, N);
  return lane_seed(lane) * e + (lane < N ? y[lane] : 0.0);
}
static double S_a(double a) { return scaled(a, -0.4); }
static double S_b(double b) { return scaled(0.8, b); }

#define SETUP(W)                                                         \
  double x[N], dx[W][N];                                                 \
  memcpy(x, X0, sizeof x);                                               \
  for (int l = 0; l < W; l++)                                            \
    for (int i = 0; i < N; i++) dx[l][i] = (i == l) ? 1.0 : 0.0;         \
  char label[96];

#define CHECK_LANES(W, what)                                             \
  for (lane = 0; lane < W; lane++) {                                     \
    double x0[N];                                                        \
    memcpy(x0, X0, sizeof x0);                                           \
    snprintf(label, sizeof label, "%s lane %d", what, lane);             \
    ck_gradient(label, dx[lane], objective, x0, N);                      \
  }

static void width2(void) {
  SETUP(2)
  ck_aug r = __enzyme_augmentfwd((void *)energy, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], enzyme_const, N);
  double xr[N];
  memcpy(xr, X0, sizeof xr);
  CHECK_PRIMAL("width 2: primal", r.primal, energy(xr, N));
  seeds2 s = {{lane_seed(0), lane_seed(1)}};
  __enzyme_reverse((void *)energy, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], enzyme_const, N, s, r.tape);
  CHECK_LANES(2, "width 2")
}

static void width4_caller_tape(void) {
  SETUP(4)
  enum { SIZE = 64 };
  _Alignas(16) char tape[SIZE];
  int need = __enzyme_augmentsize((void *)energy, enzyme_width, 4, enzyme_dup, enzyme_const);
  CHECK("width 4: augmentsize fits the caller's bytes", need <= SIZE, 1.0);
  double p = __enzyme_augmentfwd_d((void *)energy, enzyme_width, 4, enzyme_dup, x, dx[0], dx[1], dx[2], dx[3],
                                   enzyme_const, N, enzyme_allocated, SIZE, enzyme_tape, tape);
  double xr[N];
  memcpy(xr, X0, sizeof xr);
  CHECK_PRIMAL("width 4: primal", p, energy(xr, N));
  seeds4 s = {{lane_seed(0), lane_seed(1), lane_seed(2), lane_seed(3)}};
  __enzyme_reverse((void *)energy, enzyme_width, 4, enzyme_dup, x, dx[0], dx[1], dx[2], dx[3], enzyme_const, N, s,
                   enzyme_allocated, SIZE, enzyme_tape, tape);
  CHECK_LANES(4, "width 4, caller tape")
}

static void width8_nofree_twice(void) {
  SETUP(8)
  ck_aug r = __enzyme_augmentfwd((void *)energy, enzyme_width, 8, enzyme_dup, x, dx[0], dx[1], dx[2], dx[3], dx[4],
                                 dx[5], dx[6], dx[7], enzyme_const, N);
  seeds8 s;
  for (int l = 0; l < 8; l++) s.s[l] = lane_seed(l);
  /* Lanes 6 and 7 have no output seed in x (N = 6): their gradient is seed * d energy. */
  double keep[8][N];
  memcpy(keep, dx, sizeof keep);
  __enzyme_reverse((void *)energy, enzyme_nofree, enzyme_width, 8, enzyme_dup, x, dx[0], dx[1], dx[2], dx[3], dx[4],
                   dx[5], dx[6], dx[7], enzyme_const, N, s, r.tape);
  CHECK_LANES(8, "width 8, first reverse")
  memcpy(dx, keep, sizeof keep);
  __enzyme_reverse((void *)energy, enzyme_width, 8, enzyme_dup, x, dx[0], dx[1], dx[2], dx[3], dx[4],
                   dx[5], dx[6], dx[7], enzyme_const, N, s, r.tape);
  CHECK_LANES(8, "width 8, second reverse of the same tape")
}

static void width2_out(void) {
  ck_aug r = __enzyme_augmentfwd((void *)scaled, enzyme_width, 2, 0.8, enzyme_const, -0.4);
  CHECK_PRIMAL("width 2 out: primal", r.primal, scaled(0.8, -0.4));
  lanes2 da = __enzyme_reverse2((void *)scaled, enzyme_width, 2, 0.8, enzyme_const, -0.4, 1.0, -2.0, r.tape);
  CHECK("width 2 out lane 0: d/da", da.d[0], ck_fd1(S_a, 0.8));
  CHECK("width 2 out lane 1: d/da", da.d[1], -2.0 * ck_fd1(S_a, 0.8));
  ck_aug r2 = __enzyme_augmentfwd((void *)scaled, enzyme_width, 2, enzyme_const, 0.8, -0.4);
  lanes2 db = __enzyme_reverse2((void *)scaled, enzyme_width, 2, enzyme_const, 0.8, -0.4, 0.5, 3.0, r2.tape);
  CHECK("width 2 out lane 0: d/db", db.d[0], 0.5 * ck_fd1(S_b, -0.4));
  CHECK("width 2 out lane 1: d/db", db.d[1], 3.0 * ck_fd1(S_b, -0.4));
}

int main(void) {
  width2();
  width4_caller_tape();
  width8_nofree_twice();
  width2_out();
  return ck_done();
}
