// TEST: batched reverse mode (enzyme_width 2 and 4) through calls and memory kinds: a recursive helper, calls through a function pointer table, C99 complex arithmetic, an atomic accumulate into a shared sum, and a heap block that escapes the call (stored into the caller's struct, its shadow per lane freed by the caller); each lane's gradient against finite differences
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const, enzyme_out, enzyme_width;
void __enzyme_autodiff(void *, ...);
void *__enzyme_augmentfwd_t(void *, ...) __asm__("__enzyme_augmentfwd");
void __enzyme_reverse(void *, ...);

#define N 4
static const double X0[N] = {0.45, -0.3, 0.8, 0.15};
static int lane;
static double seed(int l) { return 1.0 - 0.375 * l; }

/* Recursion and function pointers. */
static double pw(double a, int k) { return k == 0 ? 1.0 : a * pw(a, k - 1) + 0.1 * sin(a); }
static double op_sin(double a) { return sin(a) * a; }
static double op_exp(double a) { return exp(0.3 * a); }
static double op_sq(double a) { return a * a - 0.5 * a; }
static double (*const OPS[3])(double) = {op_sin, op_exp, op_sq};
__attribute__((noinline)) static double apply(double (*op)(double), double a) { return op(a); }
static void calls(const double *x, double *y, int n) {
  for (int i = 0; i < n; i++) y[i] = pw(x[i], i + 1) + apply(OPS[i % 3], x[(i + 1) % n]);
}

/* Complex: y_i = |z_i|^2 + Re(z_i * conj(z_{i+1})), z_i = x_i + i * x_{i+1}^2. */
static void cplx(const double *x, double *y, int n) {
  for (int i = 0; i < n; i++) {
    double complex z = x[i] + I * (x[(i + 1) % n] * x[(i + 1) % n]);
    double complex w = x[(i + 1) % n] - I * x[i];
    double complex p = z * conj(w) + z * z;
    y[i] = creal(p) + 0.5 * cimag(p);
  }
}

/* Atomic accumulate: every term is added into y[0] atomically (relaxed), the others plain. */
static void atomic_sum(const double *x, double *y, int n) {
  y[0] = 0.0;
  for (int i = 0; i < n; i++) {
    double t = x[i] * cos(x[i]);
    __atomic_fetch_add(&y[0], t, __ATOMIC_RELAXED);
    if (i > 0) y[i] = t * x[0];
  }
}

/* Escaping heap block: the result lives in a block the call allocates and hands to the caller. */
struct holder { double *data; };
static void escape(const double *x, struct holder *h, int n) {
  double *b = malloc(n * sizeof *b);
  for (int i = 0; i < n; i++) b[i] = x[i] * exp(0.2 * x[(i + 1) % n]);
  h->data = b;
}
static void escape_flat(const double *x, double *y, int n) {
  struct holder h;
  escape(x, &h, n);
  memcpy(y, h.data, n * sizeof *y);
  free(h.data);
}

typedef void (*vecfn)(const double *, double *, int);
static vecfn F;
static double OWT[4][N];
static double objective(double *x) {
  double y[N];
  F(x, y, N);
  return ck_dot(OWT[lane], y, N);
}
static void weights(int w) {
  for (int l = 0; l < w; l++)
    for (int i = 0; i < N; i++) OWT[l][i] = (i == l) ? seed(l) : 0.125 * (i + 1) * (l + 1);
}

static void check(const char *what, int w, double dx[][N]) {
  char label[96];
  for (lane = 0; lane < w; lane++) {
    double x0[N];
    memcpy(x0, X0, sizeof x0);
    snprintf(label, sizeof label, "%s width %d lane %d", what, w, lane);
    ck_gradient(label, dx[lane], objective, x0, N);
  }
}

#define RUN(FN, W, ...)                                                                      \
  do {                                                                                       \
    double x[N], y[N], dx[W][N], dy[W][N];                                                   \
    memcpy(x, X0, sizeof x);                                                                 \
    weights(W);                                                                              \
    for (int l = 0; l < W; l++)                                                              \
      for (int i = 0; i < N; i++) dx[l][i] = 0.0, dy[l][i] = OWT[l][i];                      \
    __enzyme_autodiff((void *)FN, enzyme_width, W, __VA_ARGS__, enzyme_const, N);            \
    F = FN;                                                                                  \
    check(#FN, W, dx);                                                                       \
  } while (0)
#define ARGS2 enzyme_dup, x, dx[0], dx[1], enzyme_dup, y, dy[0], dy[1]
#define ARGS4 enzyme_dup, x, dx[0], dx[1], dx[2], dx[3], enzyme_dup, y, dy[0], dy[1], dy[2], dy[3]

/* Split mode at width 2: the augmented pass hands the block and each lane's shadow block to the
   caller, who seeds the shadow blocks before the reverse pass (and frees all three after). */
static double escape_obj(double *x) {
  double y[N];
  escape_flat(x, y, N);
  return ck_dot(OWT[lane], y, N);
}
static void escape_w2(void) {
  double x[N], dx[2][N];
  struct holder h = {0}, dh[2] = {{0}, {0}};
  memcpy(x, X0, sizeof x);
  weights(2);
  for (int l = 0; l < 2; l++)
    for (int i = 0; i < N; i++) dx[l][i] = 0.0;
  void *tape = __enzyme_augmentfwd_t((void *)escape, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], enzyme_dup, &h,
                                 &dh[0], &dh[1], enzyme_const, N);
  CHECK("escape: blocks returned", h.data != NULL && dh[0].data != NULL && dh[1].data != NULL, 1.0);
  if (!h.data || !dh[0].data || !dh[1].data) return;
  CHECK("escape: the lanes' shadow blocks are distinct", dh[0].data != dh[1].data && dh[0].data != h.data, 1.0);
  char label[64];
  for (int i = 0; i < N; i++) {
    snprintf(label, sizeof label, "escape: block[%d]", i);
    CHECK_PRIMAL(label, h.data[i], X0[i] * exp(0.2 * X0[(i + 1) % N]));
    for (int l = 0; l < 2; l++) dh[l].data[i] = OWT[l][i];
  }
  __enzyme_reverse((void *)escape, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], enzyme_dup, &h, &dh[0], &dh[1],
                   enzyme_const, N, tape);
  F = escape_flat;
  check("escape (split)", 2, dx);
  free(h.data), free(dh[0].data), free(dh[1].data);
}

int main(void) {
  RUN(calls, 2, ARGS2);
  RUN(calls, 4, ARGS4);
  RUN(cplx, 2, ARGS2);
  RUN(cplx, 4, ARGS4);
  RUN(atomic_sum, 2, ARGS2);
  RUN(atomic_sum, 4, ARGS4);
  RUN(escape_flat, 4, ARGS4);
  escape_w2();
  return ck_done();
}
