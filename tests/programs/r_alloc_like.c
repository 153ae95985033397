// TEST: __enzyme_allocation_like in reverse mode: a malloc-backed pool allocator (size argument 1, deallocator taking the pool and the block: "0,-1") whose blocks hold intermediate arrays, a block made in a loop, a block made by a called function and released by its caller, and a bump arena in the layout of Enzyme's own test (size argument 1, deallocator "2,-1"); every shadow block comes from the registered allocator and goes back through the registered deallocator (the live counts return to zero, and the memory leg's leak check sees no shadow left), beside the hints __enzyme_nofree, __enzyme_no_escaping_allocation and __enzyme_sparse_accumulate (accepted, ignored); gradients against finite differences and forward mode
#include "include/ck_array.h"
#include <stdlib.h>

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
extern int enzyme_dup, enzyme_const;

/* ---- a pool: malloc underneath, live blocks counted ---- */
typedef struct pool {
  long live, made;
} pool;
static pool P = {0, 0};

__attribute__((noinline)) void *pool_get(pool *p, size_t bytes) {
  p->live++;
  p->made++;
  return malloc(bytes);
}
__attribute__((noinline)) void pool_put(pool *p, void *block) {
  if (!block) return;
  p->live--;
  free(block);
}
void *__enzyme_allocation_like[4] = {(void *)pool_get, (void *)1, (void *)"0,-1", (void *)pool_put};

/* A bump arena as Enzyme's test writes one: (base, size, &offset); freeing takes (&offset, block). */
static char arena_mem[1 << 16];
static int arena_off = 0;
static int arena_live = 0;
__attribute__((noinline)) void *arena_take(void *base, int size, int *off) {
  char *p = (char *)base + *off;
  *off += (size + 15) & ~15;
  arena_live++;
  return p;
}
__attribute__((noinline)) void arena_drop(int *off, void *block) {
  (void)off;
  if (block) arena_live--;
}
void *__enzyme_allocation_like_arena[4] = {(void *)arena_take, (void *)1, (void *)"2,-1", (void *)arena_drop};

__attribute__((noinline)) static double weighted_sum(const double *a, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += (i + 1) * a[i] * a[i];
  return s;
}

/* Hints Enzyme takes for its own analyses (weighted_sum frees nothing and lets no allocation
   escape; sparse accumulation only matters to __enzyme_todense loops): accepted and ignored. */
void *__enzyme_nofree[1] = {(void *)weighted_sum};
void *__enzyme_no_escaping_allocation[1] = {(void *)weighted_sum};
void *__enzyme_sparse_accumulate[1] = {(void *)weighted_sum};

/* Intermediate array in a pool block, read back through a callee. */
static double pooled(const double *x, int n) {
  double *t = pool_get(&P, n * sizeof(double));
  for (int i = 0; i < n; i++) t[i] = sin(x[i]) * x[(i + 1) % n];
  double s = weighted_sum(t, n);
  pool_put(&P, t);
  return s;
}

/* One block per iteration, each filled from the previous. */
static double chained(const double *x, int n) {
  double *prev = pool_get(&P, n * sizeof(double));
  for (int i = 0; i < n; i++) prev[i] = x[i];
  for (int k = 0; k < 3; k++) {
    double *next = pool_get(&P, n * sizeof(double));
    for (int i = 0; i < n; i++) next[i] = prev[i] * cos(prev[(i + n - 1) % n]) + 0.25 * x[i];
    pool_put(&P, prev);
    prev = next;
  }
  double s = weighted_sum(prev, n);
  pool_put(&P, prev);
  return s;
}

/* A block made by a called function, released by the caller. */
__attribute__((noinline)) static double *make_squares(const double *x, int n) {
  double *b = pool_get(&P, n * sizeof(double));
  for (int i = 0; i < n; i++) b[i] = x[i] * x[i] + x[i];
  return b;
}
static double via_callee(const double *x, int n) {
  double *b = make_squares(x, n);
  double s = weighted_sum(b, n) + exp(0.1 * b[0]);
  pool_put(&P, b);
  return s;
}

/* The arena: two blocks, one taken in a callee. */
__attribute__((noinline)) static double *arena_copy(const double *x, int n) {
  double *b = arena_take(arena_mem, n * (int)sizeof(double), &arena_off);
  for (int i = 0; i < n; i++) b[i] = tanh(x[i]);
  return b;
}
static double arena_kernel(const double *x, int n) {
  double *a = arena_copy(x, n);
  double *c = arena_take(arena_mem, n * (int)sizeof(double), &arena_off);
  for (int i = 0; i < n; i++) c[i] = a[i] * a[(i + 2) % n] - x[i];
  double s = weighted_sum(c, n);
  arena_drop(&arena_off, c);
  arena_drop(&arena_off, a);
  return s;
}

#define N 6
static double F_pooled(double *x) { return pooled(x, N); }
static double F_chained(double *x) { return chained(x, N); }
static double F_via_callee(double *x) { return via_callee(x, N); }
static double F_arena(double *x) { arena_off = 0; return arena_kernel(x, N); }

/* The gradient and the tangent of kernel K, and the live counts after each (a macro: the marker
   calls name the function itself). */
#define CHECK_KERNEL(what, K, F)                                                     \
  do {                                                                               \
    double dx[N] = {0};                                                              \
    arena_off = 0;                                                                   \
    __enzyme_autodiff((void *)K, enzyme_dup, x, dx, enzyme_const, N);               \
    ck_gradient(what, dx, F, x, N);                                                  \
    CHECK_PRIMAL(what ": pool blocks live after the gradient", (double)P.live, 0.0); \
    CHECK_PRIMAL(what ": arena blocks live after the gradient", (double)arena_live, 0.0); \
    double one = 1.0;                                                                \
    arena_off = 0;                                                                   \
    double jv = __enzyme_fwddiff((void *)K, enzyme_dup, x, v, enzyme_const, N);      \
    ck_dot_test(what, &one, &jv, 1, dx, v, N);                                       \
    CHECK_PRIMAL(what ": pool blocks live after forward mode", (double)P.live, 0.0); \
    CHECK_PRIMAL(what ": arena blocks live after forward mode", (double)arena_live, 0.0); \
  } while (0)

int main(void) {
  double x[N] = {0.7, -1.3, 0.2, 1.1, -0.4, 0.9};
  double v[N] = {0.3, -1.0, 0.5, 2.0, -0.25, 1.5};
  CHECK_KERNEL("pool block read by a callee", pooled, F_pooled);
  CHECK_KERNEL("pool blocks in a loop", chained, F_chained);
  CHECK_KERNEL("pool block made by a callee", via_callee, F_via_callee);
  CHECK_KERNEL("arena blocks", arena_kernel, F_arena);
  return ck_done();
}
