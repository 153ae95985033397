// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: `bsearch` over an array that may hold derivatives
// EXPECT-ALSO: help: sort or search an array of indices instead
// LEVELS: O0
// Forward mode through bsearch in a table of active values: the pointer it returns would need
// a shadow pointing at the same element of the shadow table. (From -O1 on glibc's <stdlib.h>
// defines bsearch inline, and its body is differentiated: that derivative is right.)
#include <stdio.h>
#include <stdlib.h>
double __enzyme_fwddiff(void *, ...);
static int cmp(const void *a, const void *b) {
  double u = *(const double *)a, v = *(const double *)b;
  return (u > v) - (u < v);
}
static double lookup(const double *table, double key) {
  const double *hit = bsearch(&key, table, 4, sizeof(double), cmp);
  return hit ? *hit * key : key;
}
int main(void) {
  double t[4] = {1.0, 2.0, 3.0, 4.0}, dt[4] = {1.0, 1.0, 1.0, 1.0};
  printf("%g\n", __enzyme_fwddiff((void *)lookup, t, dt, 3.0, 1.0));
  return 0;
}
