// TEST: doubles moved through integer loads and stores (memcpy into a long, union punning, struct copies, uint64_t* type punning) keep their tangents
// CFLAGS: -fno-strict-aliasing
#include <stdint.h>
#include <string.h>
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

typedef union { double d; uint64_t u; } pun;
typedef struct { double a, b; int k; } rec;

static void f(const double *x, double *y) {
  uint64_t bits;
  memcpy(&bits, &x[0], sizeof bits); /* an i64 load of a double */
  double t;
  memcpy(&t, &bits, sizeof t);
  pun p;
  p.d = x[1] * t;
  pun q;
  q.u = p.u; /* integer copy of the bits */
  rec r = {q.d, sin(x[2]), 3};
  rec s = r; /* struct copy */
  y[0] = s.a * s.b + t;
  y[1] = (double)s.k * s.b;
  /* A plain integer load and store of a double's bits. */
  const uint64_t *src = (const uint64_t *)&x[1];
  uint64_t *dst = (uint64_t *)&y[2];
  *dst = *src;
}

static double y0_of(double x0) {
  double x[3] = {x0, 1.7, 0.4}, y[3];
  f(x, y);
  return y[0];
}
static double y1_of(double x2) {
  double x[3] = {0.9, 1.7, x2}, y[3];
  f(x, y);
  return y[1];
}

int main(void) {
  double x[3] = {0.9, 1.7, 0.4}, y[3];
  double dx[3] = {1.0, 0.0, 0.0}, dy[3] = {0.0, 0.0, 0.0};
  __enzyme_fwddiff((void *)f, x, dx, y, dy);
  CHECK("d y0 / d x0", dy[0], ck_fd1(y0_of, 0.9));
  double ex[3] = {0.0, 0.0, 1.0}, ey[3] = {0.0, 0.0, 0.0};
  __enzyme_fwddiff((void *)f, x, ex, y, ey);
  CHECK("d y1 / d x2", ey[1], ck_fd1(y1_of, 0.4));
  double fx[3] = {0.0, 2.5, 0.0}, fy[3] = {0.0, 0.0, 0.0};
  __enzyme_fwddiff((void *)f, x, fx, y, fy);
  CHECK("d y2 / d x1 (integer copy) along 2.5", fy[2], 2.5);
  return ck_done();
}
