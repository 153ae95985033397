// TEST: split mode with heap blocks and the caller's memory: the function stores a block it allocates into a struct passed with enzyme_dup and keeps it (the caller receives the primal and the shadow block from the augmented call, seeds an adjoint in the shadow block before the reverse call, and frees both), and a second function stores its block into the struct, frees it through the struct and resets the field (its shadow dies in the call: no leak); gradients against finite differences, AddressSanitizer through the corpus leg
#include <stdlib.h>
#include <string.h>

#include "include/ck_array.h"
#include "include/ck_split.h"

ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);
double __enzyme_autodiff(void *, ...);

typedef struct {
  double *data;
  int n;
} Vec;

static double keep(const double *x, Vec *out) {
  out->n = 4;
  out->data = malloc(4 * sizeof(double));
  for (int i = 0; i < 4; i++) out->data[i] = sin(x[i] * (i + 1));
  double s = 0.0;
  for (int i = 0; i < 4; i++) s += out->data[i] * out->data[(i + 1) % 4];
  return s;
}
static double drop(const double *x, Vec *tmp) {
  tmp->n = 4;
  tmp->data = malloc(4 * sizeof(double));
  for (int i = 0; i < 4; i++) tmp->data[i] = exp(0.3 * x[i]) * x[(i + 2) % 4];
  double s = 0.0;
  for (int i = 0; i < 4; i++) s += tmp->data[i] * tmp->data[i];
  free(tmp->data);
  tmp->data = NULL;
  return s;
}

/* s + 0.5 * data[2]: the seed the caller puts into the kept shadow block */
static double F_keep(double *x) {
  Vec v;
  double r = keep(x, &v) + 0.5 * v.data[2];
  free(v.data);
  return r;
}
static double F_drop(double *x) {
  Vec v;
  return drop(x, &v);
}

int main(void) {
  double x[4] = {0.3, -0.4, 0.9, 1.2}, dx[4] = {0};
  Vec v = {0, 0}, dv = {0, 0};
  ck_aug a = __enzyme_augmentfwd((void *)keep, enzyme_dup, x, dx, enzyme_dup, &v, &dv);
  CHECK_PRIMAL("kept block: the caller has the primal block", v.data[1], sin(-0.8));
  CHECK_PRIMAL("kept block: and a separate shadow block", dv.data != NULL && dv.data != v.data, 1.0);
  dv.data[2] = 0.5;
  __enzyme_reverse((void *)keep, enzyme_dup, x, dx, enzyme_dup, &v, &dv, 1.0, a.tape);
  ck_gradient("kept block, seeded through its shadow", dx, F_keep, x, 4);
  free(v.data);
  free(dv.data);

  double dy[4] = {0}, dz[4] = {0};
  Vec w = {0, 0}, dw = {0, 0};
  ck_aug b = __enzyme_augmentfwd((void *)drop, enzyme_dup, x, dy, enzyme_dup, &w, &dw);
  CHECK_PRIMAL("freed through the struct: primal", b.primal, F_drop(x));
  __enzyme_reverse((void *)drop, enzyme_dup, x, dy, enzyme_dup, &w, &dw, 1.0, b.tape);
  ck_gradient("freed through the struct, split", dy, F_drop, x, 4);
  CHECK_PRIMAL("freed through the struct: fields reset", w.data == NULL && dw.data == NULL, 1.0);
  __enzyme_autodiff((void *)drop, enzyme_dup, x, dz, enzyme_dup, &w, &dw);
  ck_gradient("freed through the struct, combined", dz, F_drop, x, 4);
  return ck_done();
}
