// TEST: a differentiated loop that reads errno after log (a domain error drops the term): the derivative keeps log's errno write, at width 1 and 8
#include <errno.h>

#include "include/catalase_check.h"

typedef struct { double d[8]; } v8;
v8 __enzyme_fwddiff8(void *, ...) __asm__("__enzyme_fwddiff");
double __enzyme_fwddiff(void *, ...);

#define N 12

/* Σ log(x_i)·x_i + x_i², where a log that sets errno (x_i < 0) counts as 0. */
static double g(const double *x) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    errno = 0;
    double l = log(x[i]);
    if (errno) l = 0.0;
    s += l * x[i] + x[i] * x[i];
  }
  return s;
}

static double X[N] = {0.5, -0.4, 1.3, 2.0, -1.1, 0.7, 0.9, -0.3, 1.7, 0.2, 3.1, -2.2};
static double DIR[8][N];
static int LANE;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * DIR[LANE][i];
  return g(x);
}

#define L8(a) a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]

int main(void) {
  for (int l = 0; l < 8; l++)
    for (int i = 0; i < N; i++) DIR[l][i] = (i % 8 == l) ? 1.0 : 0.1 * cos(0.5 * l + 0.3 * i);
  char name[48];
  double d1 = __enzyme_fwddiff((void *)g, enzyme_dup, X, DIR[0]);
  LANE = 0;
  CHECK("width 1 directional derivative", d1, ck_fd1(along, 0.0));
  double *dirs[8];
  for (int l = 0; l < 8; l++) dirs[l] = DIR[l];
  v8 d8 = __enzyme_fwddiff8((void *)g, enzyme_width, 8, enzyme_dup, X, L8(dirs));
  for (LANE = 0; LANE < 8; LANE++) {
    snprintf(name, sizeof name, "width 8 lane%d", LANE);
    CHECK(name, d8.d[LANE], ck_fd1(along, 0.0));
  }
  return ck_done();
}
