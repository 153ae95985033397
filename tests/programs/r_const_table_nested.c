// TEST: constant tables that reach mutable global scratch only through other constant tables (a const table of const tables of pointers, a const struct of a pointer and a weight); the differentiated function writes the scratch through them and reads it back; reverse mode against finite differences, the dot-product test against forward mode, and forward mode at width 2
#include <stdint.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
typedef struct { double a, b; } two;
two __enzyme_fwddiff2(void *, ...) __asm__("__enzyme_fwddiff");
extern int enzyme_width, enzyme_dupv;

#define NOINLINE __attribute__((noinline))
#define N 6

static double rowA[3], rowB[4], rowC[3];
static double *const PAIR0[2] = {rowA, rowB + 1};
static double *const PAIR1[2] = {rowC, rowB};
/* External: LLVM makes a local table of pointers to globals a relative table at -O1 (see
   tests/regressions/rev_const_relative_table.c). */
double *const *const TABLE[2] = {PAIR0, PAIR1};
typedef struct { double *at; double w; } weighted;
static const weighted W[2] = {{rowA + 1, 0.5}, {rowC, -1.25}};

NOINLINE static void fill(const double *x) {
  for (int i = 0; i < N; i++) TABLE[i & 1][(i >> 1) & 1][i % 3 == 2] += x[i] * x[(i + 1) % N];
  for (int k = 0; k < 2; k++) W[k].at[1] = W[k].w * sin(x[k + 2]) + W[k].at[0] * x[k];
}

static double nested(double *x) {
  for (int i = 0; i < 3; i++) rowA[i] = rowC[i] = 0.0;
  for (int i = 0; i < 4; i++) rowB[i] = 0.0;
  fill(x);
  double s = 0.0;
  for (int i = 0; i < 3; i++) s += rowA[i] * rowC[i] + (i + 1) * rowB[i + 1] * rowB[i];
  return s + W[1].at[2] * W[0].w;
}

static const double V[N] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45};
static const double V2[N] = {-0.7, 0.4, 0.15, 0.6, 0.2, -0.3};

int main(void) {
  double x[N] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35};
  for (int rep = 0; rep < 2; rep++) {
    double dx[N] = {0}, v[N], one = 1.0;
    __enzyme_autodiff((void *)nested, enzyme_dup, x, dx);
    ck_gradient("const tables of const tables", dx, nested, x, N);
    memcpy(v, V, sizeof v);
    double jv = __enzyme_fwddiff((void *)nested, enzyme_dup, x, v);
    ck_dot_test("const tables of const tables", &one, &jv, 1, dx, V, N);
  }
  double vv[2 * N], dx2[N] = {0};
  for (int i = 0; i < N; i++) {
    vv[i] = V[i];
    vv[N + i] = V2[i];
  }
  __enzyme_autodiff((void *)nested, enzyme_dup, x, dx2);
  two t = __enzyme_fwddiff2((void *)nested, enzyme_width, 2, enzyme_dupv, sizeof(double) * N, x, vv);
  CHECK("const tables width 2 lane 0", t.a, ck_dot(dx2, V, N));
  CHECK("const tables width 2 lane 1", t.b, ck_dot(dx2, V2, N));
  return ck_done();
}
