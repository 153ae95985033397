// TEST: __enzyme_inactive_global: a global table read, and a global statistics sum written with active values, are inactive
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

/* Lookup table of constants (read only in the kernel) and a statistics
   accumulator written by it with active values: both marked inactive, so
   neither needs a shadow global. */
double table[4] = {1.0, 0.5, 0.25, 0.125};
double stats_sum = 0.0;
void *__enzyme_inactive_global[] = {(void *)&table};
void *__enzyme_inactive_global_stats[] = {(void *)&stats_sum};

static double f(double x) {
  double s = 0.0;
  for (int i = 0; i < 4; i++) s += table[i] * pow(x, (double)(i + 1));
  stats_sum += s; /* active value stored into an inactive global (no shadow) */
  return s;
}

int main(void) {
  const double xs[] = {0.5, -1.3, 2.0};
  for (int i = 0; i < 3; i++) {
    char name[48];
    snprintf(name, sizeof name, "d table poly at %g", xs[i]);
    CHECK(name, __enzyme_fwddiff((void *)f, xs[i], 1.0), ck_fd1(f, xs[i]));
  }
  return ck_done();
}
