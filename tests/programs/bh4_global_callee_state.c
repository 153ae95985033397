// TEST: reverse and forward mode with global state: a global double without a declared shadow written by a noinline callee and read after the call, a global scratch array filled in one callee and reduced in another, an inactive global (registered with __enzyme_inactive_global) passed to a noinline allocation wrapper
#include <stdlib.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static double G = 1.0;
__attribute__((noinline)) static void set_g(double *x) { G = x[0] * x[1] + sin(x[2]); }
static double read_after(double *x) {
  set_g(x);
  return G * x[0];
}

#define N 4
static double SCR[N];
__attribute__((noinline)) static void fill(const double *x) {
  for (int i = 0; i < N; i++) SCR[i] = x[i] * x[(i + 1) % N];
}
__attribute__((noinline)) static double reduce(void) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += SCR[i] * SCR[i] * (i + 1);
  return s;
}
static double fill_reduce(double *x) {
  fill(x);
  double a = reduce();
  return a + SCR[2];
}

enum mem_kind { HOST, DEVICE };
int MEM_KIND = HOST;
void *__enzyme_inactive_global = &MEM_KIND;
__attribute__((noinline)) static void *my_alloc(size_t n, int kind) {
  (void)kind;
  return malloc(n);
}
static double via_alloc(double *x) {
  double *t = (double *)my_alloc(N * sizeof(double), MEM_KIND);
  for (int i = 0; i < N; i++) t[i] = exp(0.3 * x[i]);
  double s = 0.0;
  for (int i = 0; i < N; i++) s += t[i] * x[N - 1 - i];
  free(t);
  return s;
}
int main(void) {
  double x[N] = {0.8, -0.6, 1.3, 0.45};
  double v[N] = {0.3, 1.0, -0.5, 0.7};
#define BOTH(F, NAME)                                                  \
  do {                                                                 \
    double dx[N] = {0}, dv[N];                                         \
    memcpy(dv, v, sizeof dv);                                          \
    __enzyme_autodiff((void *)F, enzyme_dup, x, dx);                   \
    ck_gradient(NAME, dx, F, x, N);                                    \
    double jv = __enzyme_fwddiff((void *)F, enzyme_dup, x, dv);        \
    CHECK(NAME ": forward vs reverse", jv, ck_dot(dx, v, N));          \
  } while (0)
  BOTH(read_after, "global written in callee");
  BOTH(fill_reduce, "global scratch fill/reduce");
  BOTH(via_alloc, "inactive global to alloc wrapper");
  return ck_done();
}
