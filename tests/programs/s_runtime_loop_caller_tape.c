// TEST: a loop of run-time length under a caller-owned tape: the caller's bytes (sized by __enzyme_augmentsize, the fixed part) hold the tape's header while the saved values grow on the heap with the trip count; several lengths, the tape buffer reused between pairs of calls, inputs overwritten between the calls
#include <math.h>
#include <stdlib.h>
#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

#define NMAX 400

/* A damped recurrence whose length is only known at run time. */
static double chain(double *x, int n, double r) {
  double s = 0.0, y = 0.5;
  for (int i = 0; i < n; i++) {
    y = r * y * (1.0 - y) + 0.01 * sin(x[i]);
    s += y * x[i];
  }
  return s;
}

static double X[NMAX];
static int NN;
static double R = 2.9;
static double F_x(double *x) { return chain(x, NN, R); }
static double F_r(double r) { return chain(X, NN, r); }

int main(void) {
  int size = __enzyme_augmentsize((void *)chain, enzyme_dup, enzyme_const, enzyme_out);
  CHECK_PRIMAL("fixed part of the tape is 24 bytes", size, 24);
  char *tape = malloc(size);
  int lengths[4] = {1, 17, 150, NMAX};
  for (int k = 0; k < 4; k++) {
    int n = lengths[k];
    NN = n;
    for (int i = 0; i < n; i++) X[i] = 0.3 + 0.4 * sin(1.7 * i + k);
    double *x = malloc(n * sizeof(double)), *dx = calloc(n, sizeof(double));
    memcpy(x, X, n * sizeof(double));
    double p = __enzyme_augmentfwd((void *)chain, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, x, dx, enzyme_const, n, R);
    CHECK_PRIMAL("chain: primal", p, chain(X, n, R));
    for (int i = 0; i < n; i++) x[i] = -7.0; /* overwritten: the reverse call must not read them */
    double dr = __enzyme_reverse((void *)chain, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, x, dx, enzyme_const, n, R, 1.0);
    char label[64];
    snprintf(label, sizeof label, "chain n=%d: d/dr", n);
    CHECK(label, dr, ck_fd1(F_r, R));
    /* sampled coordinates for the long runs */
    for (int i = 0; i < n; i += (n > 20 ? n / 7 : 1)) {
      snprintf(label, sizeof label, "chain n=%d: d/dx[%d]", n, i);
      CHECK(label, dx[i], ck_fd_partial(F_x, X, i));
    }
    free(x);
    free(dx);
  }
  free(tape);
  return ck_done();
}
