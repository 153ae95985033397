// TEST: reverse mode through floats in integer clothing: doubles swapped with 8-byte memcpy through uint64_t (instcombine makes them i64 loads and stores), a union that reads a double's bits back as a double, and floats copied through uint32_t
#include <stdint.h>

#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const, enzyme_out;
double __enzyme_autodiff(void *, ...);

static void swap_bits(double *a, double *b) {
  uint64_t t, u;
  memcpy(&t, a, 8);
  memcpy(&u, b, 8);
  memcpy(a, &u, 8);
  memcpy(b, &t, 8);
}

static double swapped(double *x) {
  swap_bits(&x[0], &x[1]);
  swap_bits(&x[1], &x[2]);
  return x[0] * 3.0 + x[1] * x[1] + sin(x[2]) * x[0];
}

typedef union {
  double d;
  uint64_t u;
} Pun;

static double through_union(double *x) {
  Pun p[3];
  for (int i = 0; i < 3; i++) p[i].d = x[i] * x[i];
  uint64_t bits[3];
  for (int i = 0; i < 3; i++) bits[i] = p[2 - i].u;
  Pun q[3];
  for (int i = 0; i < 3; i++) q[i].u = bits[i];
  return q[0].d * 2.0 + q[1].d * q[2].d;
}

static double floats_as_words(double *x) {
  float f[3], g[3];
  for (int i = 0; i < 3; i++) f[i] = (float)x[i] * 0.5f;
  for (int i = 0; i < 3; i++) {
    uint32_t w;
    memcpy(&w, &f[(i + 1) % 3], 4);
    memcpy(&g[i], &w, 4);
  }
  return (double)(g[0] * g[1] + g[2]);
}

static const double X0[3] = {0.4, -1.2, 0.9};
static double F_swapped(double *x) {
  double c[3];
  memcpy(c, x, sizeof c);
  return swapped(c);
}

int main(void) {
  double x[3], dx[3] = {0};
  memcpy(x, X0, sizeof x);
  __enzyme_autodiff((void *)swapped, enzyme_dup, x, dx);
  double xr[3];
  memcpy(xr, X0, sizeof xr);
  ck_gradient("doubles swapped as uint64_t", dx, F_swapped, xr, 3);

  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)through_union, enzyme_dup, xr, dx);
  ck_gradient("union double/uint64_t", dx, through_union, xr, 3);

  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)floats_as_words, enzyme_dup, xr, dx);
  /* g[i] = x[(i+1)%3]/2, so the result is x0/2 + x1*x2/4 (finite differences of float code
     are too noisy to compare with). */
  CHECK_F32("floats copied as uint32_t: d/dx[0]", dx[0], 0.5);
  CHECK_F32("floats copied as uint32_t: d/dx[1]", dx[1], 0.25 * (double)(float)xr[2]);
  CHECK_F32("floats copied as uint32_t: d/dx[2]", dx[2], 0.25 * (double)(float)xr[1]);
  return ck_done();
}
