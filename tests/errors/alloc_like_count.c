// EXPECT-ERROR: [catalase::bad-registration]
// EXPECT-ALSO: exactly 4 elements
// NO-SITE: the error is about a registration global, not an instruction
// An __enzyme_allocation_like registration with three entries (the deallocator is missing).
#include <stdlib.h>
double __enzyme_autodiff(void *, ...);
__attribute__((noinline)) void *my_alloc(size_t n) { return malloc(n); }
void *__enzyme_allocation_like[3] = {(void *)my_alloc, (void *)0, (void *)"-1"};
double f(double x) {
  double *p = my_alloc(sizeof(double));
  *p = x * x;
  double r = *p;
  free(p);
  return r;
}
int main(void) { return (int)__enzyme_autodiff((void *)f, 2.0); }
