// TEST: reverse and forward mode through calls via function pointers chosen at run time from a table by an integer argument, and a struct holding a callback and its parameters
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef double (*unary)(double);
static double sq(double x) { return x * x; }
static double cube_sin(double x) { return x * x * x + sin(x); }
static double soft(double x) { return log1p(exp(x)); }
static unary TABLE[3] = {sq, cube_sin, soft};

struct model { unary act; double scale; int kind; };

static double layer(const double *x, int n, const int *kinds) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += TABLE[kinds[i]](x[i]) * (i + 1);
  return s;
}
static double run_model(struct model *m, double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    unary f = (i % 2) ? m->act : TABLE[m->kind];
    s += m->scale * f(x[i] * x[(i + 1) % n]);
  }
  return s;
}

#define N 5
static int KINDS[N] = {2, 0, 1, 1, 2};
static struct model M = {soft, 0.7, 1};
static double F_layer(double *x) { return layer(x, N, KINDS); }
static double F_model(double *x) { return run_model(&M, x, N); }

int main(void) {
  double x[N] = {0.3, -0.8, 1.1, 0.45, -0.2}, dx[N] = {0};
  __enzyme_autodiff((void *)layer, enzyme_dup, x, dx, enzyme_const, N, enzyme_const, KINDS);
  ck_gradient("table of fn pointers", dx, F_layer, x, N);
  double dx2[N] = {0};
  __enzyme_autodiff((void *)run_model, enzyme_const, &M, enzyme_dup, x, dx2, enzyme_const, N);
  ck_gradient("callback in a const struct", dx2, F_model, x, N);
  double v[N] = {1.0, 0.5, -0.3, 0.2, 0.9}, vx[N] = {0};
  double jv = __enzyme_fwddiff((void *)layer, enzyme_dup, x, v, enzyme_const, N, enzyme_const, KINDS);
  memset(vx, 0, sizeof vx);
  double want = 0.0;
  for (int i = 0; i < N; i++) want += dx[i] * v[i];
  CHECK("forward table of fn pointers vs reverse", jv, want);
  return ck_done();
}
