// TEST: scratch memory from posix_memalign, aligned_alloc and memalign (32- and 64-byte alignment that the kernels state with __builtin_assume_aligned, so vector code may use aligned accesses on the shadows too), in reverse, forward and width-2 forward mode
#include <malloc.h>
#include <stdlib.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
typedef struct { double d[2]; } w2;
w2 __enzyme_fwddiff_w2(void *, ...);
int posix_memalign(void **memptr, size_t alignment, size_t size);

#define N 12

static double kernel(double *t, const double *x) {
  t = __builtin_assume_aligned(t, 32);
  for (int i = 0; i < N; i++) t[i] = x[i] * x[i] + sin(x[(i + 3) % N]);
  double s = 0.0;
  for (int i = 0; i < N; i++) s += t[i] * t[(i + 1) % N] / (1.0 + t[i] * t[i]);
  return s;
}
static double via_posix_memalign(double *x) {
  double *t = NULL;
  if (posix_memalign((void **)&t, 64, N * sizeof(double)) != 0) abort();
  double s = kernel(t, x);
  free(t);
  return s;
}
static double via_aligned_alloc(double *x) {
  double *t = aligned_alloc(32, N * sizeof(double));
  double s = kernel(t, x);
  free(t);
  return s;
}
static double via_memalign(double *x) {
  double *t = memalign(32, N * sizeof(double));
  double s = kernel(t, x);
  free(t);
  return s;
}
/* The block outlives one helper: allocated in one, filled in another. */
__attribute__((noinline)) static double *make_block(int n) {
  double *t;
  if (posix_memalign((void **)&t, 32, (size_t)n * sizeof(double)) != 0) abort();
  return t;
}
static double via_helper(double *x) {
  double *t = make_block(N);
  double s = kernel(t, x);
  free(t);
  return s;
}

#define CHECKS(F, NAME)                                                            \
  do {                                                                             \
    double dx[N] = {0}, dv[N];                                                     \
    __enzyme_autodiff((void *)F, enzyme_dup, x, dx);                               \
    ck_gradient(NAME, dx, F, x, N);                                                \
    memcpy(dv, v, sizeof dv);                                                      \
    CHECK(NAME ": forward vs reverse", __enzyme_fwddiff((void *)F, enzyme_dup, x, dv), ck_dot(dx, v, N)); \
    double a[N], b[N];                                                             \
    memcpy(a, v, sizeof a);                                                        \
    for (int i = 0; i < N; i++) b[i] = i == 5;                                     \
    w2 w = __enzyme_fwddiff_w2((void *)F, enzyme_width, 2, enzyme_dup, x, a, b);   \
    CHECK(NAME ": width 2 lane 0", w.d[0], ck_dot(dx, v, N));                      \
    CHECK(NAME ": width 2 lane 1", w.d[1], dx[5]);                                 \
  } while (0)

int main(void) {
  double x[N], v[N];
  for (int i = 0; i < N; i++) {
    x[i] = 0.3 * sin(1.7 * i) + 0.1 * i;
    v[i] = cos(0.9 * i);
  }
  CHECKS(via_posix_memalign, "posix_memalign");
  CHECKS(via_aligned_alloc, "aligned_alloc");
  CHECKS(via_memalign, "memalign");
  CHECKS(via_helper, "posix_memalign in a helper");
  return ck_done();
}
