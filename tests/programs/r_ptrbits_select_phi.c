// TEST: pointers to shadowed buffers kept as uintptr_t bits: a pair of pointer bits swapped by a select of the two loaded integers into another pair, a pointer kept as an integer in a loop and switched between two buffers (a phi of pointer bits), a pick of the smaller of two buffers' heads stored through pointer bits, and an integer select of two addresses (one moved as an integer) turned back into a pointer at once; each pointer is loaded back from its bits and written and read through; reverse and forward mode against finite differences and the dot-product test
#include <stdint.h>
#include <stdlib.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NOINLINE __attribute__((noinline))
#define N 6

typedef struct { uintptr_t lo, hi; } bitpair;

/* The pair of pointer bits, swapped when asked: a select of two loaded integers. */
NOINLINE static void order_pair(bitpair *out, const bitpair *in, int swap) {
  uintptr_t a = in->lo, b = in->hi;
  out->lo = swap ? b : a;
  out->hi = swap ? a : b;
}

/* Two heap buffers reached through a swapped pair of their bits, written and read through. */
static double swapped(double *x) {
  double *A = malloc(sizeof(double) * N), *B = malloc(sizeof(double) * N);
  for (int i = 0; i < N; i++) {
    A[i] = x[i] * x[i];
    B[i] = sin(x[i]) + 0.5 * x[i];
  }
  bitpair in = {(uintptr_t)A, (uintptr_t)B}, out = {0, 0};
  order_pair(&out, &in, x[0] > x[1]);
  double *P = (double *)out.lo, *Q = (double *)out.hi;
  for (int i = 0; i < N; i++) P[i] = P[i] * Q[(i + 1) % N] + cos(Q[i]);
  double s = 0.0;
  for (int i = 0; i < N; i++) s += (i + 1) * A[i] + 0.3 * B[i] * A[i];
  free(A);
  free(B);
  return s;
}

/* A pointer kept as integer bits across a loop, switched between two buffers by the data:
   a phi of pointer bits (a select of them inside). */
NOINLINE static double hop(double *A, double *B, const double *x, int n) {
  uintptr_t cur = (uintptr_t)A;
  uintptr_t other = (uintptr_t)B;
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double *p = (double *)cur;
    p[i] += x[i] * x[(i + 2) % n];
    s += p[i] * p[(i + 1) % n];
    uintptr_t next = x[i] > 0.0 ? other : cur;
    other = next == cur ? other : cur;
    cur = next;
  }
  return s;
}

static double hopping(double *x) {
  double *A = malloc(sizeof(double) * N), *B = malloc(sizeof(double) * N);
  for (int i = 0; i < N; i++) {
    A[i] = exp(0.3 * x[i]);
    B[i] = x[i] * x[(i + 1) % N];
  }
  double s = hop(A, B, x, N);
  for (int i = 0; i < N; i++) s += A[i] * B[(i + 3) % N];
  free(A);
  free(B);
  return s;
}

/* The smaller of two buffers' heads, its address picked as integer bits and kept in a
   struct field (a minmax_element-like pick), then written through. */
typedef struct { uintptr_t at; int k; } pick;

NOINLINE static void pick_smaller(pick *out, const bitpair *in) {
  const double *a = (const double *)in->lo, *b = (const double *)in->hi;
  uintptr_t lo = in->lo, hi = in->hi;
  out->at = *b < *a ? hi : lo;
  out->k = *b < *a;
}

static double picked(double *x) {
  double *A = malloc(sizeof(double) * N), *B = malloc(sizeof(double) * N);
  for (int i = 0; i < N; i++) {
    A[i] = x[i] * x[(i + 1) % N];
    B[i] = sin(x[i]) * x[(i + 3) % N];
  }
  bitpair in = {(uintptr_t)A, (uintptr_t)B};
  pick p = {0, 0};
  pick_smaller(&p, &in);
  double *m = (double *)p.at;
  m[0] = m[0] * m[1] + x[2];
  double s = 0.0;
  for (int i = 0; i < N; i++) s += (i + 2) * A[i] * B[(i + 1) % N] + A[i];
  free(A);
  free(B);
  return s;
}

/* A pointer picked as integer bits and turned back at once (an integer select feeding an
   `inttoptr`), one arm moved by an element as an integer; and a ptrtoint/inttoptr round trip. */
NOINLINE static double *choose(double *A, double *B, int c) {
  return (double *)(c ? (uintptr_t)A : (uintptr_t)B + sizeof(double));
}

static double chosen(double *x) {
  double *A = malloc(sizeof(double) * N), *B = malloc(sizeof(double) * N);
  for (int i = 0; i < N; i++) {
    A[i] = x[i] * x[(i + 2) % N] + 1.0;
    B[i] = cos(x[i]) * x[i];
  }
  double *p = choose(A, B, x[0] > x[2]);
  double *q = choose(B, A, x[1] > 0.0);
  double *r = (double *)(uintptr_t)(q + 1);
  for (int i = 0; i < N - 2; i++) p[i] = p[i] * q[i] + x[i] * r[i];
  double s = 0.0;
  for (int i = 0; i < N; i++) s += (i + 1) * A[i] * B[(i + 2) % N];
  free(A);
  free(B);
  return s;
}

static const double V[N] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45};

#define BOTH(what, fn, x)                                      \
  do {                                                         \
    double dx_[N] = {0}, v_[N], one_ = 1.0;                    \
    __enzyme_autodiff((void *)fn, enzyme_dup, x, dx_);         \
    ck_gradient(what, dx_, fn, x, N);                          \
    memcpy(v_, V, sizeof v_);                                  \
    double jv_ = __enzyme_fwddiff((void *)fn, enzyme_dup, x, v_); \
    ck_dot_test(what, &one_, &jv_, 1, dx_, V, N);              \
  } while (0)

int main(void) {
  double x[N] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35};
  double y[N] = {-0.5, 0.7, 0.2, -0.3, 0.65, -0.1};
  BOTH("swapped pair of bits (kept)", swapped, x);
  BOTH("swapped pair of bits (swapped)", swapped, y);
  BOTH("pointer bits hopping in a loop", hopping, x);
  BOTH("pointer bits hopping in a loop (other signs)", hopping, y);
  BOTH("picked smaller head", picked, x);
  BOTH("picked smaller head (other)", picked, y);
  BOTH("integer select turned back into a pointer", chosen, x);
  BOTH("integer select turned back into a pointer (other arms)", chosen, y);
  return ck_done();
}
