// TEST: __enzyme_allocation_like in forward mode: blocks from a registered malloc-backed pool (size argument 1, deallocator "0,-1") and from a bump arena in the layout of Enzyme's test (size argument 1, deallocator "2,-1") hold intermediate arrays; each shadow block is the same allocator call, zero-filled, and is released through the registered deallocator where the primal releases its block (the live counts return to zero); tangents at widths 1 and 2 against finite differences along the direction
#include "include/catalase_check.h"
#include <stdlib.h>

double __enzyme_fwddiff(void *, ...);
typedef struct { double d[2]; } pair2;
pair2 __enzyme_fwddiff2(void *, ...);
extern int enzyme_dup, enzyme_const, enzyme_width, enzyme_dupv;

typedef struct pool {
  long live;
} pool;
static pool P = {0};
__attribute__((noinline)) void *pool_get(pool *p, size_t bytes) {
  p->live++;
  return malloc(bytes);
}
__attribute__((noinline)) void pool_put(pool *p, void *block) {
  if (!block) return;
  p->live--;
  free(block);
}
void *__enzyme_allocation_like[4] = {(void *)pool_get, (void *)1, (void *)"0,-1", (void *)pool_put};

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

#define N 5
static double kernel(const double *x) {
  double *t = pool_get(&P, N * sizeof(double));
  double *u = arena_take(arena_mem, N * (int)sizeof(double), &arena_off);
  for (int i = 0; i < N; i++) t[i] = sin(x[i]) * x[(i + 1) % N];
  for (int i = 0; i < N; i++) u[i] = t[i] * t[(i + 2) % N] + exp(0.2 * x[i]);
  double s = weighted_sum(t, N) + weighted_sum(u, N);
  arena_drop(&arena_off, u);
  pool_put(&P, t);
  return s;
}

static const double X0[N] = {0.7, -1.3, 0.2, 1.1, -0.4};
static const double V0[N] = {0.3, -1.0, 0.5, 2.0, -0.25};
static const double V1[N] = {-0.6, 0.4, 1.2, 0.1, 0.9};
static const double *dir = V0;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X0[i] + t * dir[i];
  arena_off = 0;
  return kernel(x);
}

int main(void) {
  double x[N], v[N], w[2 * N];
  for (int i = 0; i < N; i++) {
    x[i] = X0[i];
    v[i] = V0[i];
    w[i] = V0[i];
    w[N + i] = V1[i];
  }
  arena_off = 0;
  double jv = __enzyme_fwddiff((void *)kernel, enzyme_dup, x, v);
  dir = V0;
  CHECK("pool and arena blocks: tangent", jv, ck_fd1(along, 0.0));
  CHECK_PRIMAL("pool blocks live after forward mode", (double)P.live, 0.0);
  CHECK_PRIMAL("arena blocks live after forward mode", (double)arena_live, 0.0);

  arena_off = 0;
  pair2 j2 = __enzyme_fwddiff2((void *)kernel, enzyme_width, 2, enzyme_dupv, (long)(N * sizeof(double)), x, w);
  dir = V0;
  CHECK("width 2, lane 0", j2.d[0], ck_fd1(along, 0.0));
  dir = V1;
  CHECK("width 2, lane 1", j2.d[1], ck_fd1(along, 0.0));
  CHECK_PRIMAL("pool blocks live after width 2", (double)P.live, 0.0);
  CHECK_PRIMAL("arena blocks live after width 2", (double)arena_live, 0.0);
  return ck_done();
}
