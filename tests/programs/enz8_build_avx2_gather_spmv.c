// TEST: a sparse matrix-vector product chain written for the vectorizer (restrict pointers, int column indices, no aliasing, long rows) built with AVX2 and AVX-512 (-march=x86-64-v3 here; x86-64-v4 in enz8_build_avx512_kernels.c) so that the reads x[col[k]] of active x become gathers (the loop pragma asks for width 4) and the row sums vector reductions; three products y = A x, z = A^T-like scatter-free second product, and a smooth reduction; gradients with respect to x and the matrix values against finite differences, dot-product test against forward mode
// CFLAGS: -march=x86-64-v3
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define NR 24
#define PER 12
#define NNZ (NR * PER)

static void spmv(int n, const int *__restrict ptr, const int *__restrict col, const double *__restrict val,
                 const double *__restrict x, double *__restrict y) {
  for (int i = 0; i < n; i++) {
    double s = 0.0;
#pragma clang loop vectorize(enable) vectorize_width(4) interleave_count(1)
    for (int k = ptr[i]; k < ptr[i + 1]; k++) s += val[k] * x[col[k]];
    y[i] = s;
  }
}

static int gptr[NR + 1], gcol[NNZ];

static double chain(const double *val, const double *x) {
  double y[NR], z[NR];
  spmv(NR, gptr, gcol, val, x, y);
  for (int i = 0; i < NR; i++) y[i] = tanh(y[i]);
  spmv(NR, gptr, gcol, val, y, z);
  double s = 0.0;
  for (int i = 0; i < NR; i++) s += z[i] * z[i] * (1.0 + 0.01 * i);
  return s;
}

static double gval[NNZ], gx[NR];
static double Fv(double *v) { return chain(v, gx); }
static double Fx(double *x) { return chain(gval, x); }

int main(void) {
  for (int i = 0; i <= NR; i++) gptr[i] = i * PER;
  for (int i = 0; i < NR; i++)
    for (int k = 0; k < PER; k++) gcol[i * PER + k] = (i * 7 + k * 5 + k * k) % NR;
  double val[NNZ], x[NR], dval[NNZ] = {0}, dx[NR] = {0}, vv[NNZ], vx[NR];
  for (int k = 0; k < NNZ; k++) { val[k] = 0.3 * sin(0.37 * k + 0.1); vv[k] = 0.1 * ((k * 3) % 5) - 0.2; }
  for (int i = 0; i < NR; i++) { x[i] = cos(0.9 * i); vx[i] = 0.05 * i - 0.5; }
  memcpy(gval, val, sizeof val);
  memcpy(gx, x, sizeof x);
  __enzyme_autodiff((void *)chain, enzyme_dup, val, dval, enzyme_dup, x, dx);
  ck_gradient("gather spmv: d/dval", dval, Fv, val, NNZ);
  ck_gradient("gather spmv: d/dx", dx, Fx, x, NR);
  double jv = __enzyme_fwddiff((void *)chain, enzyme_dup, val, vv, enzyme_dup, x, vx);
  CHECK("gather spmv: dot test", ck_dot(dval, vv, NNZ) + ck_dot(dx, vx, NR), jv);
  return ck_done();
}
