// TEST: split mode where everything the function read may change before __enzyme_reverse (the default assumption of split mode): a trip count read through a const int pointer that the caller changes, a table of row pointers that the caller permutes and whose rows it rewrites, an enzyme_const coefficient array rewritten, a struct whose pointer field is redirected to other memory, an input block freed and its memory handed out again; the reverse call must use the values the augmented call saw; against finite differences and combined mode
#include "include/ck_array.h"
#include "include/ck_split.h"

ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
double __enzyme_autodiff(void *, ...);

#define R 3
#define C 4

struct model {
  const int *len;     /* how many coefficients to use */
  double *coef;       /* active */
  const double *bias; /* inactive data */
};

/* sum over rows r and k < *len of coef[k] * rows[r][k]^2 * bias[k] + sin(rows[r][k] * coef[k]) */
__attribute__((noinline)) static double eval(double **rows, struct model *m, const double *scale) {
  double s = 0.0;
  for (int r = 0; r < R; r++) {
    double t = 0.0;
    for (int k = 0; k < *m->len; k++) {
      double v = rows[r][k];
      t += m->coef[k] * v * v * m->bias[k] + sin(v * m->coef[k]);
    }
    s += scale[r] * t * t;
  }
  return s;
}

static double ROW0[R][C] = {{0.5, -0.3, 0.8, 0.1}, {1.1, 0.4, -0.6, 0.9}, {-0.2, 0.7, 0.3, -1.0}};
static const double COEF0[C] = {0.9, -0.4, 0.6, 1.2};
static const double BIAS0[C] = {1.0, 0.5, -0.7, 0.3};
static const double SCALE0[R] = {1.0, 0.6, -0.8};
static const int LEN0 = 3;

/* objective as a function of the first row, or of the coefficients */
static double obj(const double *row0, const double *coef) {
  double rows[R][C], cf[C];
  memcpy(rows, ROW0, sizeof rows);
  memcpy(rows[0], row0, sizeof rows[0]);
  memcpy(cf, coef, sizeof cf);
  double *rp[R] = {rows[0], rows[1], rows[2]};
  struct model m = {&LEN0, cf, BIAS0};
  return eval(rp, &m, SCALE0);
}
static double F_row(double *x) { return obj(x, COEF0); }
static double F_coef(double *c) { return obj(ROW0[0], c); }

int main(void) {
  double rows[R][C], drows[R][C] = {{0}};
  double *rp[R], *drp[R];
  memcpy(rows, ROW0, sizeof rows);
  for (int r = 0; r < R; r++) rp[r] = rows[r], drp[r] = drows[r];
  int len = LEN0;
  double *coef = malloc(C * sizeof(double)), *dcoef = calloc(C, sizeof(double));
  memcpy(coef, COEF0, C * sizeof(double));
  double bias[C], scale[R];
  memcpy(bias, BIAS0, sizeof bias);
  memcpy(scale, SCALE0, sizeof scale);
  double dbias[C] = {0}; /* the shadow struct's own block for the data (its adjoint is not checked) */
  struct model m = {&len, coef, bias}, dm = {&len, dcoef, dbias};

  ck_aug a = __enzyme_augmentfwd((void *)eval, enzyme_dup, rp, drp, enzyme_dup, &m, &dm, enzyme_const, scale);
  CHECK_PRIMAL("primal", a.primal, F_row(ROW0[0]));

  /* now change everything the call read */
  len = C;                                              /* the trip count */
  double *tmp = rp[0]; rp[0] = rp[2]; rp[2] = tmp;       /* the row table permuted */
  for (int r = 0; r < R; r++)
    for (int k = 0; k < C; k++) rows[r][k] = 10.0 + r + k; /* the rows rewritten */
  for (int k = 0; k < C; k++) bias[k] = -3.0;           /* the inactive data */
  for (int r = 0; r < R; r++) scale[r] = 7.0;           /* an enzyme_const array */
  memset(coef, 0, C * sizeof(double));
  free(coef);                                           /* the active block freed ... */
  double *other = malloc(C * sizeof(double));            /* ... and memory handed out again */
  for (int k = 0; k < C; k++) other[k] = 4.0;
  m.coef = other;                                       /* the struct redirected */
  double *dother = calloc(C, sizeof(double));
  double *dcoef_kept = dm.coef;

  double sd = __enzyme_reverse((void *)eval, enzyme_dup, rp, drp, enzyme_dup, &m, &dm, enzyme_const, scale, 1.0, a.tape);
  (void)sd;
  double x0[C], c0[C];
  memcpy(x0, ROW0[0], sizeof x0);
  memcpy(c0, COEF0, sizeof c0);
  ck_gradient("row 0 after the primal was scrambled", drows[0], F_row, x0, C);
  ck_gradient("coefficients after their block was freed", dcoef_kept, F_coef, c0, C);
  CHECK_PRIMAL("the redirected block's shadow untouched", dother[0] + dother[1] + dother[2] + dother[3], 0.0);
  CHECK_PRIMAL("the 4th coefficient unused (len was 3)", dcoef_kept[3], 0.0);

  /* combined mode on the original data agrees */
  {
    double rows2[R][C], drows2[R][C] = {{0}}, cf[C], dcf[C] = {0};
    memcpy(rows2, ROW0, sizeof rows2);
    memcpy(cf, COEF0, sizeof cf);
    double *rp2[R] = {rows2[0], rows2[1], rows2[2]}, *drp2[R] = {drows2[0], drows2[1], drows2[2]};
    double dbias2[C] = {0};
    struct model m2 = {&LEN0, cf, BIAS0}, dm2 = {&LEN0, dcf, dbias2};
    __enzyme_autodiff((void *)eval, enzyme_dup, rp2, drp2, enzyme_dup, &m2, &dm2, enzyme_const, SCALE0);
    for (int r = 0; r < R; r++)
      for (int k = 0; k < C; k++) CHECK("combined = split: rows", drows[r][k], drows2[r][k]);
    for (int k = 0; k < C; k++) CHECK("combined = split: coefficients", dcoef_kept[k], dcf[k]);
  }
  free(other);
  free(dother);
  free(dcoef_kept);
  return ck_done();
}
