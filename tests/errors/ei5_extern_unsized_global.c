// EXPECT-ERROR: the derivative needs a shadow of global `S`, whose size is unknown in this file
// EXPECT-ALSO: extern double S[N];
// A global declared without its size (defined in another file) that holds active values: its
// shadow cannot be sized; a one-byte guess was read and written past its end (a silent wrong
// gradient with memory corruption). Declared `extern double S[64];` it works.
#include <math.h>
#include <stdio.h>
extern double W[];
extern double S[];
extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);
__attribute__((noinline)) double f(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) S[i] = x[i] * W[i];
  for (int i = 0; i < n; i++) s += S[i] * S[(i + 1) % n];
  return s;
}
int main(void) {
  double x[40], d[40] = {0};
  for (int i = 0; i < 40; i++) x[i] = sin(i + 0.5);
  __enzyme_autodiff((void *)f, enzyme_dup, x, d, enzyme_const, 40);
  printf("%g\n", d[0]);
  return 0;
}
