// TEST: split mode the way an optimizer loop uses it: one loss function augmented with two activity patterns whose tapes are alive at the same time (weights active / data active), the augmented call declared to return double with enzyme_allocated caller tapes in an array sized by __enzyme_augmentsize, a linked list built and freed inside the loss, the caller overwriting the inputs between the augmented and the reverse call, and one tape reversed with enzyme_nofree for two different output seeds; gradients against finite differences and the dot-product test against forward mode
#include <stdlib.h>
#include <string.h>

#include "include/ck_array.h"
#include "include/ck_split.h"

ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_augmentfwd_d(void *, ...) __asm__("__enzyme_augmentfwd");
void __enzyme_reverse(void *, ...);
double __enzyme_reverse_d(void *, ...) __asm__("__enzyme_reverse");
double __enzyme_fwddiff(void *, ...);

#define NW 4
#define ND 5

typedef struct item {
  double z;
  struct item *next;
} item;

/* loss(w, d, scale): a list of residuals, built front to back, summed with a softplus, freed. */
static double loss(const double *w, const double *d, double scale) {
  item *head = NULL, **tail = &head;
  for (int i = 0; i < ND; i++) {
    item *it = malloc(sizeof *it);
    double pred = w[0] + w[1] * d[i] + w[2] * d[i] * d[i] + w[3] * sin(d[i]);
    it->z = scale * (pred - 0.3 * i);
    it->next = NULL;
    *tail = it;
    tail = &it->next;
  }
  double s = 0.0;
  while (head) {
    item *nx = head->next;
    s += log1p(exp(head->z)) * (1.0 + 0.1 * s);
    free(head);
    head = nx;
  }
  return s;
}

static double W0[NW] = {0.2, -0.5, 0.3, 0.8};
static double D0[ND] = {0.1, -0.7, 1.2, 0.4, -1.1};
static double SC = 0.9;
static double F_w(double *w) { return loss(w, D0, SC); }
static double F_d(double *d) { return loss(W0, d, SC); }
static double F_s(double s) { return loss(W0, D0, s); }

int main(void) {
  double w[NW], d[ND];
  memcpy(w, W0, sizeof w);
  memcpy(d, D0, sizeof d);

  /* two patterns on the same function, tapes alive together */
  double dw[NW] = {0}, dd[ND] = {0};
  ck_aug tw = __enzyme_augmentfwd((void *)loss, enzyme_dup, w, dw, enzyme_const, d, enzyme_const, SC);
  ck_aug td = __enzyme_augmentfwd((void *)loss, enzyme_const, w, enzyme_dup, d, dd, enzyme_out, SC);
  CHECK_PRIMAL("weights pattern: primal", tw.primal, F_w(W0));
  CHECK_PRIMAL("data pattern: primal", td.primal, F_w(W0));
  /* the caller overwrites both inputs before reversing */
  for (int i = 0; i < NW; i++) w[i] = 100.0 + i;
  for (int i = 0; i < ND; i++) d[i] = -50.0 - i;
  double ds = __enzyme_reverse_d((void *)loss, enzyme_const, w, enzyme_dup, d, dd, enzyme_out, SC, 1.0, td.tape);
  __enzyme_reverse((void *)loss, enzyme_dup, w, dw, enzyme_const, d, enzyme_const, SC, 1.0, tw.tape);
  ck_gradient("weights pattern (inputs overwritten)", dw, F_w, W0, NW);
  ck_gradient("data pattern (inputs overwritten)", dd, F_d, D0, ND);
  CHECK("data pattern: d/dscale", ds, ck_fd1(F_s, SC));

  double vw[NW] = {0.5, -1.0, 0.25, 0.75}, one = 1.0;
  memcpy(w, W0, sizeof w);
  memcpy(d, D0, sizeof d);
  double jv = __enzyme_fwddiff((void *)loss, enzyme_dup, w, vw, enzyme_const, d, enzyme_const, SC);
  ck_dot_test("weights pattern", &one, &jv, 1, dw, vw, NW);

  /* caller tapes in an array, augmented call declared double */
  enum { SZ = 128, K = 3 };
  int need = __enzyme_augmentsize((void *)loss, enzyme_dup, enzyme_const, enzyme_const);
  CHECK_PRIMAL("augmentsize fits", need <= SZ, 1.0);
  static char tapes[K][SZ];
  double ws[K][NW], dws[K][NW];
  for (int k = 0; k < K; k++) {
    for (int i = 0; i < NW; i++) {
      ws[k][i] = W0[i] + 0.2 * k * (i + 1);
      dws[k][i] = 0.0;
    }
    double pr = __enzyme_augmentfwd_d((void *)loss, enzyme_allocated, SZ, enzyme_tape, tapes[k], enzyme_dup,
                                      ws[k], dws[k], enzyme_const, d, enzyme_const, SC);
    char label[64];
    snprintf(label, sizeof label, "caller tape %d: primal", k);
    CHECK_PRIMAL(label, pr, F_w(ws[k]));
  }
  for (int k = K - 1; k >= 0; k--) {
    __enzyme_reverse((void *)loss, enzyme_dup, ws[k], dws[k], enzyme_const, d, enzyme_const, SC, 1.0,
                     enzyme_allocated, SZ, enzyme_tape, tapes[k]);
    char label[64];
    snprintf(label, sizeof label, "caller tape %d", k);
    ck_gradient(label, dws[k], F_w, ws[k], NW);
  }

  /* one tape, two seeds */
  double g1[NW] = {0}, g2[NW] = {0};
  ck_aug t = __enzyme_augmentfwd((void *)loss, enzyme_dup, w, g1, enzyme_const, d, enzyme_const, SC);
  __enzyme_reverse((void *)loss, enzyme_nofree, enzyme_dup, w, g1, enzyme_const, d, enzyme_const, SC, 0.5, t.tape);
  __enzyme_reverse((void *)loss, enzyme_dup, w, g2, enzyme_const, d, enzyme_const, SC, 3.0, t.tape);
  for (int i = 0; i < NW; i++) {
    g1[i] *= 2.0;
    g2[i] /= 3.0;
  }
  ck_gradient("nofree sweep seeded 0.5", g1, F_w, W0, NW);
  ck_gradient("last sweep seeded 3", g2, F_w, W0, NW);
  return ck_done();
}
