// TEST: reverse mode through overlapping vector loads whose adjoints are added together in registers and then into the shadow in whole vector pieces (overlap windows): pairs at j, j+1, j+2 (two pieces), quads one element apart (a piece and a single element left over), an index `j | 1` that is j+1 for even j and j itself for odd j (the run-time check of the planned addresses fails and each load adds its own adjoint), a store into the array between two overlapping loads (the window must not span it), and a three-point stencil loop; every gradient against finite differences
#include <math.h>
#include <string.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const;
void __enzyme_autodiff(void *, ...);

typedef double v2 __attribute__((vector_size(16)));
typedef double v4 __attribute__((vector_size(32)));

#define M 24

static v2 ld2(const double *p) {
  v2 r;
  memcpy(&r, p, sizeof r);
  return r;
}

static v4 ld4(const double *p) {
  v4 r;
  memcpy(&r, p, sizeof r);
  return r;
}

/* Pairs at j, j+1 and j+2: a window of four elements, two pieces. */
double pairs_loss(const double *u, int j) {
  v2 x = ld2(u + j), y = ld2(u + j + 1), z = ld2(u + j + 2);
  v2 t = x * y + z * z * x;
  return t[0] * 1.3 + t[1] * t[0] + y[1] * z[0];
}

/* Quads at j and j+1: five elements, one quad piece and one element. */
double quads_loss(const double *u, int j) {
  v4 x = ld4(u + j), y = ld4(u + j + 1);
  v4 t = x * y * y + x;
  return t[0] + 2.0 * t[1] + t[2] * t[3] + sin(t[3]);
}

/* `j | 1` looks like j+1 to the address decomposition; for odd j it is j. */
double or_loss(const double *u, int j) {
  v2 x = ld2(u + j), y = ld2(u + (j | 1));
  return x[0] * y[1] + x[1] * x[1] * y[0] + y[1] * y[1];
}

/* A store between two overlapping loads of the same array: the second load reads the stored
 * value. */
double barrier_loss(double *u, int j) {
  v2 x = ld2(u + j);
  u[j + 1] = x[0] * x[1];
  v2 y = ld2(u + j + 1);
  return y[0] * y[1] + 0.7 * x[0] + y[0];
}

/* A periodic three-point stencil. */
double stencil_loss(const double *u) {
  double out[M];
  for (int j = 1; j < M - 1; j++) out[j] = u[j - 1] * u[j] + 0.5 * u[j + 1] - u[j] * u[j + 1];
  out[0] = u[M - 1] * u[0];
  out[M - 1] = u[M - 2] + u[0];
  double s = 0.0;
  for (int j = 0; j < M; j++) s += (1.0 + 0.1 * j) * out[j] * out[j];
  return s;
}

static int J;
static double F_pairs(double *u) { return pairs_loss(u, J); }
static double F_quads(double *u) { return quads_loss(u, J); }
static double F_or(double *u) { return or_loss(u, J); }
static double F_barrier(double *u) {
  double t[M];
  memcpy(t, u, sizeof t);
  return barrier_loss(t, J);
}
static double F_stencil(double *u) { return stencil_loss(u); }

int main(void) {
  double u[M], d[M];
  for (int i = 0; i < M; i++) u[i] = 0.8 * sin(0.37 * i + 0.4) + 0.02 * i;
  char label[64];

  for (J = 2; J <= 3; J++) {
    memset(d, 0, sizeof d);
    __enzyme_autodiff((void *)pairs_loss, enzyme_dup, u, d, enzyme_const, J);
    snprintf(label, sizeof label, "pairs at j, j+1, j+2 (j = %d)", J);
    ck_gradient(label, d, F_pairs, u, M);

    memset(d, 0, sizeof d);
    __enzyme_autodiff((void *)quads_loss, enzyme_dup, u, d, enzyme_const, J);
    snprintf(label, sizeof label, "quads at j, j+1 (j = %d)", J);
    ck_gradient(label, d, F_quads, u, M);
  }

  for (J = 4; J <= 7; J++) {
    memset(d, 0, sizeof d);
    __enzyme_autodiff((void *)or_loss, enzyme_dup, u, d, enzyme_const, J);
    snprintf(label, sizeof label, "pairs at j and j | 1 (j = %d)", J);
    ck_gradient(label, d, F_or, u, M);
  }

  for (J = 3; J <= 4; J++) {
    double t[M];
    memcpy(t, u, sizeof t);
    memset(d, 0, sizeof d);
    __enzyme_autodiff((void *)barrier_loss, enzyme_dup, t, d, enzyme_const, J);
    snprintf(label, sizeof label, "a store between overlapping pairs (j = %d)", J);
    ck_gradient(label, d, F_barrier, u, M);
  }

  memset(d, 0, sizeof d);
  __enzyme_autodiff((void *)stencil_loss, enzyme_dup, u, d);
  ck_gradient("three-point stencil", d, F_stencil, u, M);
  return ck_done();
}
