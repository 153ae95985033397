/*
 * ck_direction4.h - directional checks of kernels of four doubles (two complex numbers as
 * (re, im) pairs), shared by the complex-number programs.  A check differentiates the kernel
 * along D at P and compares with the central difference of t -> kernel(P + t*D) at 0.
 */
#ifndef CK_DIRECTION4_H
#define CK_DIRECTION4_H

#include "catalase_check.h"

typedef double (*ck_kernel4)(double, double, double, double);

static ck_kernel4 ck_cur4;
static double ck_P[4], ck_D[4];

/* Points exactly representable in float (float kernels and their double references see the
   same inputs), away from the negative real axis (log's branch cut), and directions. */
static const double ck_points4[3][4] = {
    {1.25, 0.375, 0.75, -0.25}, {-0.75, 1.875, 2.0, 0.5}, {0.375, -1.125, -1.5, 0.25}};
static const double ck_dirs4[3][4] = {
    {1.0, 0.0, 0.0, 0.0}, {0.25, -0.75, 0.5, 1.0}, {0.0, 1.0, -0.5, 0.0}};

static inline void ck_at_point4(int p) {
  for (int k = 0; k < 4; k++) ck_P[k] = ck_points4[p][k], ck_D[k] = ck_dirs4[p][k];
}

static inline double ck_along4(double t) {
  return ck_cur4(ck_P[0] + t * ck_D[0], ck_P[1] + t * ck_D[1], ck_P[2] + t * ck_D[2], ck_P[3] + t * ck_D[3]);
}

/* Compare `ad` with the central difference of `reference` along D at P. */
static inline void ck_direction4(const char *what, int p, double ad, ck_kernel4 reference, double tol) {
  char name[64];
  ck_cur4 = reference;
  snprintf(name, sizeof name, "%s at point %d", what, p);
  ck_near(name, ad, ck_fd1(ck_along4, 0.0), tol);
}

#endif /* CK_DIRECTION4_H */
