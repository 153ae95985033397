// EXPECT-ERROR: [catalase::bad-registration]
// EXPECT-ALSO: lists 1 arguments, but the deallocator `pool_put` takes 2
// NO-SITE: the error is about a registration global, not an instruction
// The index list "-1" gives the deallocator one argument; it takes the pool and the block.
#include <stdlib.h>
double __enzyme_autodiff(void *, ...);
typedef struct pool { int live; } pool;
__attribute__((noinline)) void *pool_get(pool *p, size_t n) { p->live++; return malloc(n); }
__attribute__((noinline)) void pool_put(pool *p, void *b) { p->live--; free(b); }
void *__enzyme_allocation_like[4] = {(void *)pool_get, (void *)1, (void *)"-1", (void *)pool_put};
pool P;
double f(double x) {
  double *b = pool_get(&P, sizeof(double));
  *b = x * x;
  double r = *b;
  pool_put(&P, b);
  return r;
}
int main(void) { return (int)__enzyme_autodiff((void *)f, 2.0); }
