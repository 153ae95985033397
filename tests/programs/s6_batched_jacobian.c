// TEST: batched split mode as a Jacobian: a void vector map (a data-dependent while loop, heap scratch, its input read after the outputs are written) run once by __enzyme_augmentfwd at enzyme_width 4 with one output seed per lane set between the calls, so __enzyme_reverse gives four Jacobian rows at once (and the enzyme_out parameter's four lane gradients); the same with enzyme_dupv shadows as rows of a padded 2-D array (byte stride), at width 2 with the tape in a pointer slot and in caller bytes sized by __enzyme_augmentsize with enzyme_width, and a width-2 tape reversed twice with enzyme_nofree; each row against finite differences and against one-lane split mode
#include "include/ck_array.h"
#include "include/ck_split.h"

void *__enzyme_augmentfwd(void *, ...);
void __enzyme_augmentfwd_v(void *, ...) __asm__("__enzyme_augmentfwd");
typedef struct { double d[4]; } l4;
typedef struct { double d[2]; } l2;
l4 __enzyme_reverse4(void *, ...) __asm__("__enzyme_reverse");
l2 __enzyme_reverse2(void *, ...) __asm__("__enzyme_reverse");
double __enzyme_reverse(void *, ...);

#define N 5
#define M 4
#define PAD 7 /* a padded row of the dupv block, in doubles */

__attribute__((noinline)) static void vmap(const double *x, double *y, double a) {
  double *w = malloc(N * sizeof(double));
  for (int i = 0; i < N; i++) w[i] = sin(a * x[i]) + x[(i + 1) % N];
  /* a data-dependent number of damping sweeps */
  int sweeps = 0;
  double norm = 0.0;
  for (int i = 0; i < N; i++) norm += w[i] * w[i];
  while (norm > 0.5 && sweeps < 12) {
    for (int i = 0; i < N; i++) w[i] *= 0.8;
    norm *= 0.64;
    sweeps++;
  }
  for (int j = 0; j < M; j++) {
    y[j] = 0.0;
    for (int i = 0; i < N; i++) y[j] += w[i] * w[(i + j) % N] * (1.0 + 0.1 * j);
  }
  y[M - 1] += x[0] * y[0];
  free(w);
}

static const double X0[N] = {0.7, -0.3, 0.5, 1.2, -0.8};
static double A = 0.9;
static int ROW;
static double Y_x(double *x) { double y[M]; vmap(x, y, A); return y[ROW]; }
static double Y_a(double a) { double y[M]; vmap(X0, y, a); return y[ROW]; }

/* One Jacobian row by one-lane split mode. */
static void row_one_lane(int j, double *g, double *ga) {
  double x[N], y[M], dy[M] = {0};
  memcpy(x, X0, sizeof x);
  memset(g, 0, N * sizeof(double));
  void *t = __enzyme_augmentfwd((void *)vmap, enzyme_dup, x, g, enzyme_dup, y, dy, A);
  dy[j] = 1.0;
  *ga = __enzyme_reverse((void *)vmap, enzyme_dup, x, g, enzyme_dup, y, dy, A, t);
}

static void check_row(const char *what, int j, const double *g, double ga) {
  char label[96];
  double xr[N];
  memcpy(xr, X0, sizeof xr);
  ROW = j;
  snprintf(label, sizeof label, "%s row %d", what, j);
  ck_gradient(label, g, Y_x, xr, N);
  snprintf(label, sizeof label, "%s row %d: d/da", what, j);
  CHECK(label, ga, ck_fd1(Y_a, A));
  double g1[N], ga1;
  row_one_lane(j, g1, &ga1);
  for (int i = 0; i < N; i++) {
    snprintf(label, sizeof label, "%s row %d = one lane", what, j);
    CHECK(label, g[i], g1[i]);
  }
}

int main(void) {
  /* width 4, a lane per output */
  {
    double x[N], y[M], dx[4][N], dy[4][M];
    memcpy(x, X0, sizeof x);
    memset(dx, 0, sizeof dx);
    memset(dy, 0, sizeof dy);
    void *t = __enzyme_augmentfwd((void *)vmap, enzyme_width, 4, enzyme_dup, x, dx[0], dx[1], dx[2], dx[3], enzyme_dup, y,
                                  dy[0], dy[1], dy[2], dy[3], A);
    double yr[M];
    vmap(X0, yr, A);
    for (int j = 0; j < M; j++) CHECK_PRIMAL("width 4: primal outputs", y[j], yr[j]);
    for (int l = 0; l < 4; l++) dy[l][l] = 1.0;
    memset(x, 0, sizeof x); /* overwritten before the reverse call */
    l4 ga = __enzyme_reverse4((void *)vmap, enzyme_width, 4, enzyme_dup, x, dx[0], dx[1], dx[2], dx[3], enzyme_dup, y, dy[0],
                              dy[1], dy[2], dy[3], A, t);
    for (int l = 0; l < 4; l++) check_row("width 4", l, dx[l], ga.d[l]);
    for (int l = 0; l < 4; l++)
      for (int j = 0; j < M; j++) CHECK_PRIMAL("width 4: output seeds consumed", dy[l][j], 0.0);
  }
  /* width 4 with enzyme_dupv: the lanes' shadows are rows of padded 2-D arrays */
  {
    double x[N], y[M], dxb[4][PAD], dyb[4][PAD];
    memcpy(x, X0, sizeof x);
    for (int l = 0; l < 4; l++)
      for (int i = 0; i < PAD; i++) dxb[l][i] = i < N ? 0.0 : 99.0, dyb[l][i] = i < M ? 0.0 : 77.0;
    void *t = __enzyme_augmentfwd((void *)vmap, enzyme_width, 4, enzyme_dupv, sizeof dxb[0], x, &dxb[0][0], enzyme_dupv,
                                  sizeof dyb[0], y, &dyb[0][0], A);
    for (int l = 0; l < 4; l++) dyb[l][3 - l] = 1.0;
    l4 ga = __enzyme_reverse4((void *)vmap, enzyme_width, 4, enzyme_dupv, sizeof dxb[0], x, &dxb[0][0], enzyme_dupv,
                              sizeof dyb[0], y, &dyb[0][0], A, t);
    for (int l = 0; l < 4; l++) check_row("dupv width 4", 3 - l, dxb[l], ga.d[l]);
    int pad_ok = 1;
    for (int l = 0; l < 4; l++)
      for (int i = N; i < PAD; i++) pad_ok &= dxb[l][i] == 99.0 && (i < M || dyb[l][i] == 77.0);
    CHECK_PRIMAL("dupv width 4: padding untouched", pad_ok, 1);
  }
  /* width 2: a slot, then caller bytes */
  {
    double x[N], y[M], dx[2][N] = {{0}}, dy[2][M] = {{0}};
    memcpy(x, X0, sizeof x);
    void *slot = NULL;
    __enzyme_augmentfwd_v((void *)vmap, enzyme_width, 2, enzyme_tape, &slot, enzyme_dup, x, dx[0], dx[1], enzyme_dup, y,
                          dy[0], dy[1], A);
    dy[0][1] = 1.0;
    dy[1][2] = 1.0;
    l2 ga = __enzyme_reverse2((void *)vmap, enzyme_width, 2, enzyme_tape, &slot, enzyme_dup, x, dx[0], dx[1], enzyme_dup, y,
                              dy[0], dy[1], A);
    check_row("width 2 slot", 1, dx[0], ga.d[0]);
    check_row("width 2 slot", 2, dx[1], ga.d[1]);
  }
  {
    double x[N], y[M], dx[2][N] = {{0}}, dy[2][M] = {{0}};
    memcpy(x, X0, sizeof x);
    int size = __enzyme_augmentsize((void *)vmap, enzyme_width, 2, enzyme_dup, enzyme_dup, enzyme_out);
    CHECK_PRIMAL("width 2: a tape header", size > 0, 1);
    char *bytes = malloc(size);
    __enzyme_augmentfwd_v((void *)vmap, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], enzyme_dup, y, dy[0], dy[1], A,
                          enzyme_allocated, __enzyme_augmentsize((void *)vmap, enzyme_width, 2, enzyme_dup, enzyme_dup, enzyme_out),
                          enzyme_tape, bytes);
    dy[0][0] = 1.0;
    dy[1][3] = 1.0;
    l2 ga = __enzyme_reverse2((void *)vmap, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], enzyme_dup, y, dy[0], dy[1], A,
                              enzyme_allocated, __enzyme_augmentsize((void *)vmap, enzyme_width, 2, enzyme_dup, enzyme_dup, enzyme_out),
                              enzyme_tape, bytes);
    free(bytes);
    check_row("width 2 caller bytes", 0, dx[0], ga.d[0]);
    check_row("width 2 caller bytes", 3, dx[1], ga.d[1]);
  }
  /* width 2 reversed twice with enzyme_nofree: rows 0,1 then rows 2,3 from one tape */
  {
    double x[N], y[M], dx[2][N] = {{0}}, dy[2][M] = {{0}};
    memcpy(x, X0, sizeof x);
    void *t = __enzyme_augmentfwd((void *)vmap, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], enzyme_dup, y, dy[0], dy[1], A);
    dy[0][0] = 1.0;
    dy[1][1] = 1.0;
    l2 g1 = __enzyme_reverse2((void *)vmap, enzyme_nofree, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], enzyme_dup, y, dy[0],
                              dy[1], A, t);
    check_row("width 2 nofree, first", 0, dx[0], g1.d[0]);
    check_row("width 2 nofree, first", 1, dx[1], g1.d[1]);
    memset(dx, 0, sizeof dx);
    dy[0][2] = 1.0;
    dy[1][3] = 1.0;
    l2 g2 = __enzyme_reverse2((void *)vmap, enzyme_width, 2, enzyme_dup, x, dx[0], dx[1], enzyme_dup, y, dy[0], dy[1], A, t);
    check_row("width 2 nofree, second", 2, dx[0], g2.d[0]);
    check_row("width 2 nofree, second", 3, dx[1], g2.d[1]);
  }
  return ck_done();
}
