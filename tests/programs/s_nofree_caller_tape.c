// TEST: enzyme_nofree with a caller-owned tape: one augmented pass into the caller's bytes, reversed three times with different differential returns (the tape's length restored each time), then a plain reverse call that releases the saved values; heap scratch inside the function whose shadow the reverse calls share until the last
#include <math.h>
#include <stdlib.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

#define N 6

static double soft(double *x, int n, double beta) {
  double *e = malloc(n * sizeof(double));
  double m = 0.0;
  for (int i = 0; i < n; i++) { e[i] = exp(beta * x[i]); m += e[i]; }
  double s = 0.0;
  for (int i = 0; i < n; i++) s += e[i] / m * x[i];
  free(e);
  return s;
}

static const double X0[N] = {0.3, -1.2, 0.8, 2.1, -0.4, 1.0};
static double BETA = 0.9;
static double F_x(double *x) { return soft(x, N, BETA); }
static double F_b(double b) { double x[N]; memcpy(x, X0, sizeof x); return soft(x, N, b); }

int main(void) {
  enum { SIZE = 64 };
  int size = __enzyme_augmentsize((void *)soft, enzyme_dup, enzyme_const, enzyme_out);
  CHECK_PRIMAL("tape fits the caller's 64 bytes", size <= SIZE && size > 0, 1);
  _Alignas(16) char tape[SIZE];
  double x[N], dx[N] = {0}, xr[N];
  memcpy(x, X0, sizeof x);
  memcpy(xr, X0, sizeof xr);
  double p = __enzyme_augmentfwd((void *)soft, enzyme_allocated, SIZE, enzyme_tape, tape, enzyme_dup, x, dx, enzyme_const, N, BETA);
  CHECK_PRIMAL("softmax-weighted mean: primal", p, F_x(xr));
  double fb = ck_fd1(F_b, BETA), total = 0.0;
  double seeds[4] = {1.0, 0.25, -1.5, 2.0};
  for (int k = 0; k < 4; k++) {
    double db = k < 3 ? __enzyme_reverse((void *)soft, enzyme_nofree, enzyme_allocated, SIZE, enzyme_tape, tape, enzyme_dup, x, dx, enzyme_const, N, BETA, seeds[k])
                      : __enzyme_reverse((void *)soft, enzyme_allocated, SIZE, enzyme_tape, tape, enzyme_dup, x, dx, enzyme_const, N, BETA, seeds[k]);
    total += seeds[k];
    char label[64];
    snprintf(label, sizeof label, "reverse %d: d/dbeta", k);
    CHECK(label, db, seeds[k] * fb);
  }
  for (int i = 0; i < N; i++) dx[i] /= total;
  ck_gradient("accumulated over four reverse calls (scaled back)", dx, F_x, xr, N);
  return ck_done();
}
