// TEST: realloc of a buffer passed with enzyme_const (no shadow): the grown block's shadow is a fresh zeroed block, never a realloc of the primal
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);
extern int enzyme_const;

/* `buf` is the caller's heap block, inactive; the function grows it and keeps active values
   in the grown part. */
__attribute__((noinline)) static double grow_and_sum(double x, double *buf) {
  double *p = (double *)realloc(buf, 4 * sizeof(double));
  p[2] = x * x;
  p[3] = sin(x);
  double s = p[0] + p[1] * p[2] + p[3];
  free(p);
  return s;
}

static double f(double x) {
  double *buf = (double *)malloc(2 * sizeof(double));
  buf[0] = 1.5;
  buf[1] = 2.0;
  return grow_and_sum(x, buf);
}

static double g(double x) {
  double *buf = (double *)malloc(2 * sizeof(double));
  buf[0] = 1.5;
  buf[1] = 2.0;
  return __enzyme_fwddiff((void *)grow_and_sum, x, 1.0, enzyme_const, buf);
}

int main(void) {
  CHECK("d grow_and_sum / dx at 0.8", g(0.8), ck_fd1(f, 0.8));
  return ck_done();
}
