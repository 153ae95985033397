// TEST: integer-pointer parameters: an int* index array and a long* counter take a shadow by default (pointer -> dup) or enzyme_const; the int data must not disturb the double tangents
#include "include/catalase_check.h"

double __enzyme_fwddiff(void *, ...);

static double gather(const double *v, const int *idx, int n, long *count) {
  double r = 0;
  for (int i = 0; i < n; i++) {
    r += v[idx[i]] * v[idx[(i + 1) % n]];
    (*count)++;
  }
  return r;
}
static double V[4] = {0.5, -1.2, 0.8, 2.0}, DV[4] = {1.0, 0.5, -1.0, 0.25};
static int IDX[5] = {3, 0, 2, 2, 1};
static double along(double t) {
  double v[4];
  long c = 0;
  for (int i = 0; i < 4; i++) v[i] = V[i] + t * DV[i];
  return gather(v, IDX, 5, &c);
}

int main(void) {
  int idx[5], didx[5];
  long cnt = 0, dcnt = 0;
  memcpy(idx, IDX, sizeof idx);
  memcpy(didx, IDX, sizeof didx); /* shadow of integer data: a copy of the primal */
  double d = __enzyme_fwddiff((void *)gather, V, DV, idx, didx, 5, &cnt, &dcnt);
  CHECK("int* and long* default dup", d, ck_fd1(along, 0.0));
  CHECK_PRIMAL("counter primal", (double)cnt, 5.0);
  cnt = 0;
  d = __enzyme_fwddiff((void *)gather, enzyme_dup, V, DV, enzyme_const, idx, enzyme_const, 5, enzyme_const, &cnt);
  CHECK("int* and long* const", d, ck_fd1(along, 0.0));
  CHECK_PRIMAL("counter primal (const)", (double)cnt, 5.0);
  return ck_done();
}
