// TEST: pointers to active memory moved as integers: a hand-made aligned allocation (malloc's address rounded up to 64 bytes with `& -64`, the original pointer kept just below the aligned one and freed through it, as Eigen's handmade_aligned_malloc does), an element reached by adding a byte offset to a uintptr_t, and a uintptr_t address stored in a struct and read back in a noinline callee (at -O3 argument promotion passes the address to it as an i64 argument); reverse and forward mode against finite differences
#include <stdint.h>
#include <stdlib.h>
#include "include/catalase_check.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

enum { N = 5 };

static void *aligned_alloc64(size_t bytes) {
  void *original = malloc(bytes + 64);
  if (!original) abort();
  void *aligned = (void *)(((uintptr_t)original & ~(uintptr_t)63) + 64);
  ((void **)aligned)[-1] = original;
  return aligned;
}

static void aligned_free64(void *p) { free(((void **)p)[-1]); }

/* A scratch buffer from the aligned allocator: squares of the inputs, then a weighted sum. */
double through_aligned(const double *x) {
  double *t = (double *)aligned_alloc64(N * sizeof(double));
  for (int i = 0; i < N; i++) t[i] = x[i] * x[i] + sin(x[i]);
  double s = 0.0;
  for (int i = 0; i < N; i++) s += (i + 1) * t[i] * t[(i + 1) % N];
  aligned_free64(t);
  return s;
}

/* The element k places along, reached through the integer address. */
double through_offset(const double *x, int k) {
  const double *q = (const double *)((uintptr_t)x + (uintptr_t)k * sizeof(double));
  return q[0] * q[1] + exp(q[0]);
}

typedef struct { uintptr_t at; int n; } View;

__attribute__((noinline)) static double view_sum(const View *v) {
  const double *p = (const double *)v->at;
  double s = 0.0;
  for (int i = 0; i < v->n; i++) s += p[i] * p[i] * (i + 1);
  return s;
}

double through_stored(const double *x) {
  View v = {(uintptr_t)x + 2 * sizeof(double), N - 2};
  return view_sum(&v) + x[0];
}

static double x0[N] = {0.3, -0.7, 1.1, 0.4, -1.3};
static int which;
static double (*fn)(const double *);
static double call_k(const double *x) { return through_offset(x, 2); }
static double at(double xi) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = x0[i];
  x[which] = xi;
  return fn(x);
}

/* The marker calls name the function itself, so each check is a macro. */
#define CHECK_ALL(name, f, target, ...)                                          \
  do {                                                                           \
    double dx[N] = {0};                                                          \
    __enzyme_autodiff((void *)target, enzyme_dup, x0, dx __VA_ARGS__);           \
    fn = f;                                                                      \
    for (which = 0; which < N; which++) {                                        \
      double fd = ck_fd1(at, x0[which]);                                         \
      double v[N] = {0};                                                         \
      v[which] = 1.0;                                                            \
      double fwd = __enzyme_fwddiff((void *)target, enzyme_dup, x0, v __VA_ARGS__); \
      char what[96];                                                             \
      snprintf(what, sizeof what, "%s d/dx[%d] (reverse)", name, which);         \
      CHECK(what, dx[which], fd);                                                \
      snprintf(what, sizeof what, "%s d/dx[%d] (forward)", name, which);         \
      CHECK(what, fwd, fd);                                                      \
    }                                                                            \
  } while (0)

int main(void) {
  CHECK_ALL("aligned allocation", through_aligned, through_aligned);
  CHECK_ALL("integer offset", call_k, through_offset, , enzyme_const, 2);
  CHECK_ALL("stored address", through_stored, through_stored);
  return ck_done();
}
