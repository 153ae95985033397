// EXPECT-ERROR: [catalase::cannot-deduce-type]
// EXPECT-ALSO: copies bytes that type analysis finds used as ptr and as f64
// EXPECT-ALSO: the adjoint of a floating-point value copied so would be lost
// Reverse mode: one noinline 8-byte copier moves a double for one caller and a pointer for
// another. Type analysis is context-insensitive, so inside the copier (and, after argument
// promotion at -O3, in the caller that loads the word) the copied `i64` is both; the declared
// type of the source (a parameter of the differentiated function) does not settle it. Copying
// the shadow bits lost the double's adjoint silently (d/dx[0] came out 0); this is refused.
#include <math.h>
#include <string.h>

extern double __enzyme_autodiff(void *, ...);
extern int enzyme_dup;

__attribute__((noinline)) static void copy8(void *d, const void *s) { memcpy(d, s, 8); }

static double f(double *x) {
  double a;
  copy8(&a, &x[0]);
  double *p;
  double *q = x + 1;
  copy8(&p, &q);
  return a * a * p[0] + sin(a);
}

int main(void) {
  double x[2] = {0.7, 1.3}, dx[2] = {0, 0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx);
  return dx[0] == 0.0;
}
