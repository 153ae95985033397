// EXPECT-ERROR: `__enzyme_call_inactive` passes 1 arguments to `scale_of`, which takes 2
#include <math.h>
#include <stdio.h>

extern double __enzyme_autodiff(void *, ...);
extern double __enzyme_call_inactive(void *, ...);

__attribute__((noinline)) double scale_of(double x, double k) { return sin(k * x); }

double weighted(double x) {
  double s = __enzyme_call_inactive((void *)scale_of, x);
  return x * x * s;
}

int main(void) {
  printf("%g\n", __enzyme_autodiff((void *)weighted, 0.7));
  return 0;
}
