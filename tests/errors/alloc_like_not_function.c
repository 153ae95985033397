// EXPECT-ERROR: [catalase::bad-registration]
// EXPECT-ALSO: Param 3 of __enzyme_allocation_like must be a function (the deallocator)
// NO-SITE: the error is about a registration global, not an instruction
// The deallocator entry of an __enzyme_allocation_like registration is a global variable.
#include <stdlib.h>
double __enzyme_autodiff(void *, ...);
__attribute__((noinline)) void *my_alloc(size_t n) { return malloc(n); }
int not_a_function;
void *__enzyme_allocation_like[4] = {(void *)my_alloc, (void *)0, (void *)"-1", (void *)&not_a_function};
double f(double x) {
  double *p = my_alloc(sizeof(double));
  *p = x * x;
  double r = *p;
  free(p);
  return r;
}
int main(void) { return (int)__enzyme_autodiff((void *)f, 2.0); }
