// TEST: a CSR sparse matrix (values enzyme_dup, column indices and row pointers enzyme_const int arrays) in a few normalised power-iteration steps and a Rayleigh quotient: combined reverse, split reverse with a caller-owned tape sized by __enzyme_augmentsize and enzyme_nofree reversed twice with different differential returns, split with the default tape, and forward; gradients in the values and the start vector against finite differences, reverse against forward, split against combined
#include "include/ck_array.h"
#include "include/ck_split.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
double __enzyme_augmentfwd_d(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);

#define N 6
#define NNZ 16
#define ITERS 4
#define TAPE 4096

static void spmv(const double *val, const int *col, const int *rowptr, const double *x, double *y) {
  for (int r = 0; r < N; r++) {
    double s = 0.0;
    for (int k = rowptr[r]; k < rowptr[r + 1]; k++) s += val[k] * x[col[k]];
    y[r] = s;
  }
}

__attribute__((noinline)) double rayleigh(const double *val, const int *col, const int *rowptr, const double *x0) {
  double x[N], y[N];
  memcpy(x, x0, sizeof x);
  for (int it = 0; it < ITERS; it++) {
    spmv(val, col, rowptr, x, y);
    double nrm = 0.0;
    for (int r = 0; r < N; r++) nrm += y[r] * y[r];
    nrm = sqrt(nrm);
    for (int r = 0; r < N; r++) x[r] = y[r] / nrm;
  }
  spmv(val, col, rowptr, x, y);
  return ck_dot(x, y, N);
}

static const int COL[NNZ] = {0, 1, 1, 2, 4, 0, 2, 3, 3, 5, 1, 4, 5, 0, 3, 5};
static const int ROWPTR[N + 1] = {0, 2, 5, 8, 10, 13, 16};
static double VAL0[NNZ], X00[N];
static double F_val(double *v) { return rayleigh(v, COL, ROWPTR, X00); }
static double F_x(double *x) { return rayleigh(VAL0, COL, ROWPTR, x); }

int main(void) {
  for (int k = 0; k < NNZ; k++) VAL0[k] = 1.0 + 0.4 * sin(1.3 * k) + (k % 3 == 0 ? 1.5 : 0.0);
  for (int r = 0; r < N; r++) X00[r] = 1.0 + 0.2 * cos(0.8 * r);
  double val[NNZ], x[N];
  memcpy(val, VAL0, sizeof val);
  memcpy(x, X00, sizeof x);
  int col[NNZ], rowptr[N + 1];
  memcpy(col, COL, sizeof col);
  memcpy(rowptr, ROWPTR, sizeof rowptr);

  double gv[NNZ] = {0}, gx[N] = {0};
  __enzyme_autodiff((void *)rayleigh, enzyme_dup, val, gv, enzyme_const, col, enzyme_const, rowptr, enzyme_dup, x, gx);
  ck_gradient("combined: d/dval", gv, F_val, val, NNZ);
  ck_gradient("combined: d/dx0", gx, F_x, x, N);
  double vv[NNZ], vx[N];
  for (int k = 0; k < NNZ; k++) vv[k] = cos(0.4 * k);
  for (int r = 0; r < N; r++) vx[r] = sin(0.9 * r + 0.1);
  double t = __enzyme_fwddiff((void *)rayleigh, enzyme_dup, val, vv, enzyme_const, col, enzyme_const, rowptr,
                              enzyme_dup, x, vx);
  CHECK("forward vs reverse", t, ck_dot(gv, vv, NNZ) + ck_dot(gx, vx, N));

  /* split with a caller tape, reversed twice (nofree), then once more to release it */
  static char tape[TAPE];
  int need = __enzyme_augmentsize((void *)rayleigh, enzyme_dup, enzyme_const, enzyme_const, enzyme_dup);
  CHECK("the tape fits the buffer", need <= TAPE ? 1.0 : 0.0, 1.0);
  double sv[NNZ] = {0}, sx[N] = {0};
  double prim = __enzyme_augmentfwd_d((void *)rayleigh, enzyme_allocated, TAPE, enzyme_tape, tape, enzyme_dup, val,
                                      sv, enzyme_const, col, enzyme_const, rowptr, enzyme_dup, x, sx);
  CHECK_PRIMAL("caller tape: primal", prim, F_val(val));
  double keep[NNZ];
  memcpy(keep, val, sizeof keep);
  for (int k = 0; k < NNZ; k++) val[k] = -3.0; /* overwritten between the passes */
  __enzyme_reverse((void *)rayleigh, enzyme_allocated, TAPE, enzyme_tape, tape, enzyme_nofree, enzyme_dup, val, sv,
                   enzyme_const, col, enzyme_const, rowptr, enzyme_dup, x, sx, 1.0);
  __enzyme_reverse((void *)rayleigh, enzyme_allocated, TAPE, enzyme_tape, tape, enzyme_nofree, enzyme_dup, val, sv,
                   enzyme_const, col, enzyme_const, rowptr, enzyme_dup, x, sx, 2.0);
  for (int k = 0; k < NNZ; k++) CHECK("caller tape, seeds 1 + 2: 3 x combined (val)", sv[k], 3.0 * gv[k]);
  for (int r = 0; r < N; r++) CHECK("caller tape, seeds 1 + 2: 3 x combined (x0)", sx[r], 3.0 * gx[r]);
  memset(sv, 0, sizeof sv);
  memset(sx, 0, sizeof sx);
  __enzyme_reverse((void *)rayleigh, enzyme_allocated, TAPE, enzyme_tape, tape, enzyme_dup, val, sv, enzyme_const,
                   col, enzyme_const, rowptr, enzyme_dup, x, sx, -0.5);
  for (int k = 0; k < NNZ; k++) CHECK("caller tape, last reverse: -0.5 x combined", sv[k], -0.5 * gv[k]);
  memcpy(val, keep, sizeof val);

  /* split with the default tape */
  double dv[NNZ] = {0}, dx[N] = {0};
  ck_aug a = __enzyme_augmentfwd((void *)rayleigh, enzyme_dup, val, dv, enzyme_const, col, enzyme_const, rowptr,
                                 enzyme_dup, x, dx);
  CHECK_PRIMAL("default tape: primal", a.primal, prim);
  for (int r = 0; r < N; r++) x[r] = 100.0;
  __enzyme_reverse((void *)rayleigh, enzyme_dup, val, dv, enzyme_const, col, enzyme_const, rowptr, enzyme_dup, x, dx,
                   1.0, a.tape);
  for (int k = 0; k < NNZ; k++) CHECK("default tape: val", dv[k], gv[k]);
  for (int r = 0; r < N; r++) CHECK("default tape: x0", dx[r], gx[r]);
  return ck_done();
}
