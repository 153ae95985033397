/*
 * slot_padding_kernels.h - the kernels of r_shadow_slot_padding.c (reverse mode) and
 * shadow_slot_padding.c (forward mode): local arrays of 4 KiB and more, whose shadow stack slots
 * are padded against 4K aliasing.
 */
#ifndef SLOT_PADDING_KERNELS_H
#define SLOT_PADDING_KERNELS_H

#include <math.h>

#define N 512 /* 4096 bytes of double */
#define NX 24

struct cell {
  double v;
  int tag;
};

static double mixed_loss(const double *x, int m) {
  double a[N], b[N], c[N - 1], big[4][N];
  struct cell cells[N];
  double vla[m];
  for (int i = 0; i < N; i++) a[i] = x[i % NX] * (1.0 + 0.001 * i);
  for (int i = 0; i < N; i++) b[i] = a[i] * a[(i + 1) % N];
  for (int i = 0; i < N - 1; i++) c[i] = b[i] - a[i + 1];
  for (int k = 0; k < 4; k++)
    for (int i = 0; i < N; i++) big[k][i] = c[(i + k) % (N - 1)] * x[(i + k) % NX];
  for (int i = 0; i < N; i++) cells[i].v = big[i % 4][i] + sin(b[i]), cells[i].tag = i & 3;
  for (int i = 0; i < m; i++) vla[i] = cells[(i * 7) % N].v * (cells[i % N].tag + 1);
  double s = 0.0;
  for (int i = 0; i < m; i++) s += vla[i] * vla[i] * (1.0 + 0.0001 * i);
  return s / m;
}

/* 66 arrays of 4 KiB, each made from the one before. */
#define STEP(p, q) \
  double q[N];     \
  for (int i = 0; i < N; i++) q[i] = p[i] * 0.97 + 0.01 * p[(i + 5) % N] * p[(i + 3) % N];
#define STEP6(p, a, b, c, d, e, f) STEP(p, a) STEP(a, b) STEP(b, c) STEP(c, d) STEP(d, e) STEP(e, f)

static double chain_loss(const double *x) {
  double t0[N];
  for (int i = 0; i < N; i++) t0[i] = x[i % NX] + 0.002 * i;
  STEP6(t0, t1, t2, t3, t4, t5, t6)
  STEP6(t6, t7, t8, t9, t10, t11, t12)
  STEP6(t12, t13, t14, t15, t16, t17, t18)
  STEP6(t18, t19, t20, t21, t22, t23, t24)
  STEP6(t24, t25, t26, t27, t28, t29, t30)
  STEP6(t30, t31, t32, t33, t34, t35, t36)
  STEP6(t36, t37, t38, t39, t40, t41, t42)
  STEP6(t42, t43, t44, t45, t46, t47, t48)
  STEP6(t48, t49, t50, t51, t52, t53, t54)
  STEP6(t54, t55, t56, t57, t58, t59, t60)
  STEP6(t60, t61, t62, t63, t64, t65, t66)
  double s = 0.0;
  for (int i = 0; i < N; i++) s += t66[i] * t66[i] + t33[i] * t1[i];
  return s;
}

#endif
