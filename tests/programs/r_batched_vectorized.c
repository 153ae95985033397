// TEST: batched reverse mode (enzyme_width 2 and 4) through the loop vectorizer: with -march=native -ffast-math on an AVX2/AVX-512 host clang turns x[idx[i]] into llvm.masked.gather (indices repeating, so lanes share addresses), y[perm[i]] = ... into llvm.masked.scatter, and a conditional store into llvm.masked.store at -O2/-O3, and vectorizes the reductions; each lane of the batched gradient (one shadow per lane of the batch, on top of the vector lanes) against finite differences
// CFLAGS: -march=native -ffast-math
// LDFLAGS: -march=native
#include <math.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const, enzyme_width;
void __enzyme_autodiff(void *, ...);

#define N 37

static int IDX[N], PERM[N], MASK[N];

static double gathered(const double *x, const int *idx, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += x[idx[i]] * x[idx[i]] * x[i];
  return s;
}

static void scattered(const double *restrict x, const int *restrict perm, double *restrict y, int n) {
#pragma clang loop vectorize(assume_safety)
  for (int i = 0; i < n; i++) y[perm[i]] = x[i] * x[i] + x[(i + 1) % n];
}

static void masked(const double *restrict x, const int *restrict m, double *restrict y, int n) {
#pragma clang loop vectorize(assume_safety)
  for (int i = 0; i < n; i++)
    if (m[i]) y[i] = x[i] * sqrt(1.0 + x[i] * x[i]);
}

static double X0[N], W[4][N];
static int lane;
static double seed(int l) { return 1.0 + 0.5 * l; }
static double F_g(double *x) { return seed(lane) * gathered(x, IDX, N); }
static double F_s(double *x) {
  double y[N];
  scattered(x, PERM, y, N);
  return ck_dot(W[lane], y, N);
}
static double F_m(double *x) {
  double y[N];
  for (int i = 0; i < N; i++) y[i] = 0.0;
  masked(x, MASK, y, N);
  return ck_dot(W[lane], y, N);
}

static void check(const char *what, int w, double dx[][N], double (*F)(double *)) {
  char label[96];
  for (lane = 0; lane < w; lane++) {
    snprintf(label, sizeof label, "%s width %d lane %d", what, w, lane);
    ck_gradient(label, dx[lane], F, X0, N);
  }
}

static void zero(double d[][N], int w) {
  for (int l = 0; l < w; l++)
    for (int i = 0; i < N; i++) d[l][i] = 0.0;
}

typedef struct { double d[2]; } seeds2;
typedef struct { double d[4]; } seeds4;

int main(void) {
  for (int i = 0; i < N; i++) {
    X0[i] = 0.7 * sin(0.37 * i + 0.1) + 0.05 * i;
    IDX[i] = (i * 7) % 11; /* repeats: lanes of one gather share addresses */
    PERM[i] = (i * 10) % N; /* 10 and 37 are coprime: a permutation */
    MASK[i] = (i % 3) != 1;
    for (int l = 0; l < 4; l++) W[l][i] = 0.5 + 0.01 * i * (l + 1) - 0.25 * (l == i % 4);
  }
  double dx[4][N], y[N], dy[4][N];

  /* The return is active: every lane's seed is 1.0; lane l's objective is seed(l) * gathered, so
     the lanes' results are scaled after the call (one pass gives the same gradient in each lane). */
  zero(dx, 2);
  __enzyme_autodiff((void *)gathered, enzyme_width, 2, enzyme_dup, X0, dx[0], dx[1], enzyme_const, IDX,
                    enzyme_const, N);
  for (int l = 0; l < 2; l++)
    for (int i = 0; i < N; i++) dx[l][i] *= seed(l);
  check("gather", 2, dx, F_g);

  zero(dx, 2);
  for (int l = 0; l < 2; l++)
    for (int i = 0; i < N; i++) dy[l][i] = W[l][i];
  __enzyme_autodiff((void *)scattered, enzyme_width, 2, enzyme_dup, X0, dx[0], dx[1], enzyme_const, PERM,
                    enzyme_dup, y, dy[0], dy[1], enzyme_const, N);
  check("scatter", 2, dx, F_s);

  zero(dx, 4);
  for (int l = 0; l < 4; l++)
    for (int i = 0; i < N; i++) dy[l][i] = W[l][i];
  __enzyme_autodiff((void *)scattered, enzyme_width, 4, enzyme_dup, X0, dx[0], dx[1], dx[2], dx[3], enzyme_const,
                    PERM, enzyme_dup, y, dy[0], dy[1], dy[2], dy[3], enzyme_const, N);
  check("scatter", 4, dx, F_s);

  zero(dx, 2);
  for (int l = 0; l < 2; l++)
    for (int i = 0; i < N; i++) dy[l][i] = W[l][i], y[i] = 0.0;
  __enzyme_autodiff((void *)masked, enzyme_width, 2, enzyme_dup, X0, dx[0], dx[1], enzyme_const, MASK, enzyme_dup,
                    y, dy[0], dy[1], enzyme_const, N);
  check("masked store", 2, dx, F_m);
  /* Masked-off elements of y keep their shadow; the stored ones are consumed (zeroed). */
  for (int l = 0; l < 2; l++)
    for (int i = 0; i < N; i++) {
      char label[64];
      snprintf(label, sizeof label, "masked store: lane %d dy[%d] after", l, i);
      CHECK_PRIMAL(label, dy[l][i], MASK[i] ? 0.0 : W[l][i]);
    }
  return ck_done();
}
