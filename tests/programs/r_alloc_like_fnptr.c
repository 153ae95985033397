// TEST: allocators called through function pointers, in reverse and forward mode: malloc held in a field of a mutable global struct and in a static pointer (Enzyme's metamalloc test), free through a pointer, and a registered pool allocator (__enzyme_allocation_like) and its deallocator through a table of pointers; an indirect call compares its pointer with each allocator whose address the program takes and makes the shadow block as a direct call would (a pointer that holds none of them at run time traps); gradients against finite differences and forward mode, live counts back to zero
#include "include/ck_array.h"
#include <stdlib.h>

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
extern int enzyme_dup, enzyme_const;

/* Enzyme's metamalloc shape: malloc in a global struct and in a static pointer. */
struct {
  int count;
  void *(*allocfn)(size_t);
  void (*freefn)(void *);
} tup = {0, malloc, free};
static void *(*sallocfn)(size_t) = malloc;

__attribute__((noinline)) void *metamalloc(size_t size) { return tup.allocfn(size); }
__attribute__((noinline)) void *smetamalloc(int size) { return sallocfn(size); }
__attribute__((noinline)) void square(double *x) { *x *= *x; }

static double alldiv(double x) {
  double *mem = (double *)metamalloc(8);
  *mem = x;
  square(mem);
  double r = mem[0];
  tup.freefn(mem);
  return r;
}
static double salldiv(double x) {
  double *mem = (double *)smetamalloc(8);
  *mem = x * x;
  square(mem);
  double r = mem[0];
  free(mem);
  return r;
}

/* A registered pool allocator reached through a table. */
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
struct allocator {
  void *(*get)(pool *, size_t);
  void (*put)(pool *, void *);
};
struct allocator table = {pool_get, pool_put};

__attribute__((noinline)) static double norm_sq(const double *a, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a[i] * a[i];
  return s;
}
#define N 4
static double through_table(const double *x, int n) {
  double *t = table.get(&P, n * sizeof(double));
  for (int i = 0; i < n; i++) t[i] = cos(x[i]) * x[(i + 1) % n];
  double s = norm_sq(t, n);
  table.put(&P, t);
  return s;
}
static double F_table(double *x) { return through_table(x, N); }

int main(void) {
  double a = __enzyme_autodiff((void *)alldiv, 3.14);
  CHECK("malloc through a struct field", a, ck_fd1(alldiv, 3.14));
  double sa = __enzyme_autodiff((void *)salldiv, 0.8);
  CHECK("malloc through a static pointer", sa, ck_fd1(salldiv, 0.8));
  CHECK("malloc through a struct field, forward", __enzyme_fwddiff((void *)alldiv, 1.7, 1.0), ck_fd1(alldiv, 1.7));
  CHECK("malloc through a static pointer, forward", __enzyme_fwddiff((void *)salldiv, -0.6, 1.0), ck_fd1(salldiv, -0.6));

  double x[N] = {0.4, -1.1, 0.9, 1.6}, v[N] = {1.0, 0.5, -0.3, 0.2}, dx[N] = {0};
  __enzyme_autodiff((void *)through_table, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("registered pool through a table", dx, F_table, x, N);
  CHECK_PRIMAL("pool blocks live after the gradient", (double)P.live, 0.0);
  double one = 1.0;
  double jv = __enzyme_fwddiff((void *)through_table, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("registered pool through a table", &one, &jv, 1, dx, v, N);
  CHECK_PRIMAL("pool blocks live after forward mode", (double)P.live, 0.0);
  return ck_done();
}
