// TEST: reverse mode over heap blocks that a called function allocates and returns, kept beyond the gradient by the differentiated function (stored into an output struct passed with enzyme_dup, directly and through a second call that returns the first's result), next to blocks returned by a callee and freed by the caller: the kept blocks' shadows stay alive for the caller, who reads and frees them (before, the callee's reverse part freed them: a use after free), the others are freed (no leak under --asan); gradients against finite differences
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#include "include/catalase_check.h"

typedef struct {
  double *data;
  int n;
} Vec;

extern double __enzyme_autodiff(void *, ...);

__attribute__((noinline)) static double *make(double x, int n) {
  double *p = (double *)malloc((size_t)n * sizeof(double));
  for (int i = 0; i < n; i++) p[i] = sin(x * (i + 1));
  return p;
}

/* Returns what `make` returned: its caller keeps it or not. */
__attribute__((noinline)) static double *make_scaled(double x, double k, int n) {
  double *p = make(x, n);
  for (int i = 0; i < n; i++) p[i] *= k;
  return p;
}

/* Keeps the block: the caller owns it (and its shadow) afterwards. */
double keep(double x, Vec *out) {
  out->n = 4;
  out->data = make(x, 4);
  double s = 0;
  for (int i = 0; i < 4; i++) s += out->data[i] * out->data[i];
  return s;
}

/* Keeps a block returned through two calls. */
double keep_nested(double x, double k, Vec *out) {
  out->n = 3;
  out->data = make_scaled(x, k, 3);
  double s = 0;
  for (int i = 0; i < 3; i++) s += exp(0.5 * out->data[i]);
  return s;
}

/* Frees the callee's block: its shadow is freed too. */
double scratch(double x, double k) {
  double *p = make_scaled(x, k, 5);
  double s = 0;
  for (int i = 0; i < 5; i++) s += p[i] * (i + 1);
  free(p);
  return s;
}

static double keep_x(double x) {
  Vec v;
  double r = keep(x, &v);
  free(v.data);
  return r;
}
static double nested_x(double x) {
  Vec v;
  double r = keep_nested(x, 1.7, &v);
  free(v.data);
  return r;
}
static double nested_k(double k) {
  Vec v;
  double r = keep_nested(0.4, k, &v);
  free(v.data);
  return r;
}
static double scratch_x(double x) { return scratch(x, 0.6); }

typedef struct {
  double dx, dk;
} G2;
extern G2 __enzyme_autodiff_g2(void *, ...) __asm__("__enzyme_autodiff");

int main(void) {
  Vec v = {0, 0}, dv = {0, 0};
  double g = __enzyme_autodiff((void *)keep, enzyme_out, 0.3, enzyme_dup, &v, &dv);
  CHECK("kept block: d/dx", g, ck_fd1(keep_x, 0.3));
  CHECK_PRIMAL("kept block: primal values", v.data[2], sin(0.3 * 3));
  /* The caller owns the shadow block: readable (the reverse sweep consumed its adjoints). */
  double rest = 0;
  for (int i = 0; i < 4; i++) rest += fabs(dv.data[i]);
  CHECK_PRIMAL("kept shadow block readable, adjoints consumed", rest, 0.0);
  free(v.data);
  free(dv.data);

  Vec w = {0, 0}, dw = {0, 0};
  G2 h = __enzyme_autodiff_g2((void *)keep_nested, enzyme_out, 0.4, enzyme_out, 1.7, enzyme_dup, &w, &dw);
  CHECK("kept through two calls: d/dx", h.dx, ck_fd1(nested_x, 0.4));
  CHECK("kept through two calls: d/dk", h.dk, ck_fd1(nested_k, 1.7));
  free(w.data);
  free(dw.data);

  double s = __enzyme_autodiff((void *)scratch, enzyme_out, 0.8, enzyme_const, 0.6);
  CHECK("freed by the caller: d/dx", s, ck_fd1(scratch_x, 0.8));
  return ck_done();
}
