// TEST: variable-length array + overlapping memmove + assume_aligned/expect builtins, a malloc'd linked list built and freed inside, fabs via union bit masking
#include "include/catalase_check.h"
#include <stdint.h>

double __enzyme_fwddiff_d(void *, ...);

static double vla(const double *x, int n) {
  double buf[n + 2];
  const double *xa = (const double *)__builtin_assume_aligned(x, 8);
  for (int i = 0; i < n; i++) buf[i] = xa[i] * xa[i] + 0.1 * xa[(i + 1) % n];
  memmove(buf + 1, buf, n * sizeof(double)); /* overlapping shift right */
  buf[0] = 0.5;
  double s = 0.0;
  for (int i = 0; i <= n; i++) s += buf[i] * (i + 1);
  return __builtin_expect(s > 0.0, 1) ? s : -s;
}
typedef struct node { double v; struct node *next; } node;
static double list(const double *x, int n) {
  node *head = NULL;
  for (int i = 0; i < n; i++) {
    node *nd = (node *)malloc(sizeof *nd);
    nd->v = x[i] * 2.0 + (head ? head->v * 0.1 : 0.0);
    nd->next = head;
    head = nd;
  }
  double s = 0.0;
  int k = 1;
  while (head) {
    s += head->v * head->v * k++;
    node *nx = head->next;
    free(head);
    head = nx;
  }
  return s;
}
static double bits(double x, double y) {
  union { double d; uint64_t u; } a = {x}, b = {y};
  a.u &= 0x7fffffffffffffffULL; /* |x| */
  double ax = a.d;
  return ax * y + ((b.u >> 63) ? -1.0 : 1.0) * x * x;
}

#define N 6
static double X[N] = {0.3, -0.7, 1.1, 0.5, 0.9, -0.2}, V[N] = {1.0, 0.5, -0.2, 0.3, 0.1, 0.7};
static int WHICH;
static double along(double t) {
  double x[N];
  for (int i = 0; i < N; i++) x[i] = X[i] + t * V[i];
  if (WHICH == 0) return vla(x, N);
  if (WHICH == 1) return list(x, N);
  return bits(-0.7 + t, 0.4 + 0.5 * t);
}

int main(void) {
  double dx[N];
  for (int i = 0; i < N; i++) dx[i] = V[i];
  WHICH = 0;
  CHECK("VLA + memmove: d", __enzyme_fwddiff_d((void *)vla, X, dx, enzyme_const, N), ck_fd1(along, 0.0));
  WHICH = 1;
  CHECK("linked list: d", __enzyme_fwddiff_d((void *)list, X, dx, enzyme_const, N), ck_fd1(along, 0.0));
  WHICH = 2;
  CHECK("union bit-mask fabs: d", __enzyme_fwddiff_d((void *)bits, -0.7, 1.0, 0.4, 0.5), ck_fd1(along, 0.0));
  return ck_done();
}
