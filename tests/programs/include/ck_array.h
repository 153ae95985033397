/*
 * ck_array.h - finite-difference references for gradients over arrays (reverse-mode programs).
 * A check names a scalar objective F(x) of an array x (the program's function, or a weighted sum
 * <w, y> of its outputs) and compares each gradient entry with the central difference of F in
 * that coordinate.
 */
#ifndef CK_ARRAY_H
#define CK_ARRAY_H

#include <stdio.h>
#include <string.h>

#include "catalase_check.h"

typedef double (*ck_objective)(double *x);

/* Central difference of F at x in coordinate i (x is restored). */
static inline double ck_fd_partial(ck_objective F, double *x, int i) {
  double xi = x[i], h = ck_step(xi);
  x[i] = xi + h;
  double fp = F(x);
  x[i] = xi - h;
  double fm = F(x);
  x[i] = xi;
  return (fp - fm) / (2.0 * h);
}

/* CHECK every entry of grad (n of them) against the finite differences of F at x. */
static inline void ck_gradient(const char *what, const double *grad, ck_objective F, double *x, int n) {
  char label[160];
  for (int i = 0; i < n; i++) {
    snprintf(label, sizeof label, "%s: d/dx[%d]", what, i);
    CHECK(label, grad[i], ck_fd_partial(F, x, i));
  }
}

static inline double ck_dot(const double *a, const double *b, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

/* Dot-product test between a forward and a reverse derivative of the same function with n inputs
   and m outputs: jv = J v (from __enzyme_fwddiff along v) and jtw = J^T w (from __enzyme_autodiff
   seeded with w) must satisfy <w, J v> = <J^T w, v>.  Both sides are derivatives the program also
   checks against finite differences. */
static inline void ck_dot_test(const char *what, const double *w, const double *jv, int m,
                               const double *jtw, const double *v, int n) {
  char label[160];
  snprintf(label, sizeof label, "%s: <w, Jv> = <J^T w, v>", what);
  double lhs = ck_dot(w, jv, m), rhs = ck_dot(jtw, v, n);
  CHECK(label, rhs, lhs);
}

#endif
