// TEST: reverse mode, heap blocks that called functions allocate and store into the user's memory (a parameter of the top-level function, a field of a struct it points to, through two levels of calls): the shadow block belongs to the user, who frees it once (no double free, no leak); blocks a callee stores into the top-level function's own local slot, or into the user's slot that the top-level function then frees, die with the call. In split mode the user seeds the shadow block between the augmented and the reverse part, and the gradient is checked against finite differences.
#include "include/catalase_check.h"
#include <stdlib.h>

void __enzyme_autodiff(void *, ...);
void *__enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
extern int enzyme_dup, enzyme_const;

__attribute__((noinline)) static void make(const double *x, double **out) {
  double *b = malloc(2 * sizeof(double));
  b[0] = x[0] * x[1];
  b[1] = sin(x[0]) + x[1] * x[1];
  *out = b;
}
__attribute__((noinline)) static void mid(const double *x, double **out) { make(x, out); }
void top(const double *x, double **out) { mid(x, out); }

struct holder {
  int n;
  double *data;
};
__attribute__((noinline)) static void fill(const double *x, struct holder *h) {
  h->n = 3;
  h->data = malloc(3 * sizeof(double));
  for (int i = 0; i < 3; i++) h->data[i] = x[i % 2] * exp(0.25 * i * x[(i + 1) % 2]);
}
void top_struct(const double *x, struct holder *h) { fill(x, h); }

/* The block lands in the top-level function's own slot and is freed there. */
double top_local(const double *x) {
  double *t;
  mid(x, &t);
  double r = t[0] + 2.0 * t[1];
  free(t);
  return r;
}

/* The block lands in the user's slot, and the top-level function frees it from there. */
double top_frees(const double *x, double **scratch) {
  mid(x, scratch);
  double r = (*scratch)[0] + 2.0 * (*scratch)[1];
  free(*scratch);
  *scratch = NULL;
  return r;
}

static double f_local(const double *x) {
  double *t;
  make(x, &t);
  double r = t[0] + 2.0 * t[1];
  free(t);
  return r;
}
static double f_struct(const double *x) {
  double s = 0.0;
  for (int i = 0; i < 3; i++) s += (i + 1.0) * x[i % 2] * exp(0.25 * i * x[(i + 1) % 2]);
  return s;
}

int main(void) {
  double x[2] = {0.7, 1.3};
  const double h = 1e-6;

  /* Combined: nothing seeds the shadow block before the reverse sweep, so the gradient is 0. */
  double dx[2] = {0};
  double *o = NULL, *d_o = NULL;
  __enzyme_autodiff((void *)top, enzyme_dup, x, dx, enzyme_dup, &o, &d_o);
  CHECK_PRIMAL("block entry 0", o[0], x[0] * x[1]);
  CHECK("shadow entry 1", d_o[1], 0.0);
  CHECK("gradient x[0] (no seed)", dx[0], 0.0);
  free(o);
  free(d_o);

  struct holder hs = {0}, dhs = {0};
  double dxs[2] = {0};
  __enzyme_autodiff((void *)top_struct, enzyme_dup, x, dxs, enzyme_dup, &hs, &dhs);
  CHECK_PRIMAL("struct block entry 2", hs.data[2], x[0] * exp(0.5 * x[1]));
  CHECK("struct shadow entry 0", dhs.data[0], 0.0);
  free(hs.data);
  free(dhs.data);

  /* The local slot: a real gradient. */
  double dl[2] = {0};
  __enzyme_autodiff((void *)top_local, enzyme_dup, x, dl);
  for (int i = 0; i < 2; i++) {
    double xp[2] = {x[0], x[1]}, xm[2] = {x[0], x[1]};
    xp[i] += h;
    xm[i] -= h;
    CHECK("local slot gradient", dl[i], (f_local(xp) - f_local(xm)) / (2 * h));
  }

  /* The user's slot, freed by the function itself: no leak of the shadow block either. */
  double df[2] = {0};
  double *sc = NULL, *d_sc = NULL;
  __enzyme_autodiff((void *)top_frees, enzyme_dup, x, df, enzyme_dup, &sc, &d_sc);
  for (int i = 0; i < 2; i++) {
    double xp[2] = {x[0], x[1]}, xm[2] = {x[0], x[1]};
    xp[i] += h;
    xm[i] -= h;
    CHECK("freed through the user's slot", df[i], (f_local(xp) - f_local(xm)) / (2 * h));
  }
  CHECK_PRIMAL("slot cleared", sc == NULL, 1.0);

  /* Split: seed the user's shadow block, then reverse. */
  double ds[2] = {0};
  double *so = NULL, *d_so = NULL;
  void *tape = __enzyme_augmentfwd((void *)top, enzyme_dup, x, ds, enzyme_dup, &so, &d_so);
  d_so[0] = 1.0;
  d_so[1] = 2.0;
  __enzyme_reverse((void *)top, enzyme_dup, x, ds, enzyme_dup, &so, &d_so, tape);
  for (int i = 0; i < 2; i++) {
    double xp[2] = {x[0], x[1]}, xm[2] = {x[0], x[1]};
    xp[i] += h;
    xm[i] -= h;
    CHECK("split gradient", ds[i], (f_local(xp) - f_local(xm)) / (2 * h));
  }
  free(so);
  free(d_so);

  struct holder ht = {0}, dht = {0};
  double dt[2] = {0};
  void *tape2 = __enzyme_augmentfwd((void *)top_struct, enzyme_dup, x, dt, enzyme_dup, &ht, &dht);
  for (int i = 0; i < 3; i++) dht.data[i] = i + 1.0;
  __enzyme_reverse((void *)top_struct, enzyme_dup, x, dt, enzyme_dup, &ht, &dht, tape2);
  for (int i = 0; i < 2; i++) {
    double xp[2] = {x[0], x[1]}, xm[2] = {x[0], x[1]};
    xp[i] += h;
    xm[i] -= h;
    CHECK("split struct gradient", dt[i], (f_struct(xp) - f_struct(xm)) / (2 * h));
  }
  free(ht.data);
  free(dht.data);
  return ck_done();
}
