// TEST: forward mode (width 1) through local arrays of 4 KiB and more, whose shadow stack slots get a different number of cache lines of padding each (against 4K aliasing between the arrays and their shadows): arrays of exactly 4096 bytes, one just below (not padded), a [4][512] array, an array of structs with tail padding, a variable-length array (dynamic size, not padded), and a chain of 66 such arrays (more than the 63 different paddings); each tangent along a direction against the finite difference along it
#include <math.h>
#include <string.h>
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const;
double __enzyme_fwddiff(void *, ...);

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

static int M;
static double X[NX], V[NX];
typedef double (*objective)(double *x);
static double F_mixed(double *x) { return mixed_loss(x, M); }
static double F_chain(double *x) { return chain_loss(x); }

/* The central difference of F at X along V. */
static double along(objective F) {
  double h = 1e-6, xp[NX], xm[NX];
  for (int i = 0; i < NX; i++) xp[i] = X[i] + h * V[i], xm[i] = X[i] - h * V[i];
  return (F(xp) - F(xm)) / (2.0 * h);
}

int main(void) {
  for (int i = 0; i < NX; i++) X[i] = 0.5 + 0.3 * sin(0.7 * i + 0.1), V[i] = cos(1.3 * i) - 0.2;
  char label[64];
  for (M = 300; M <= 700; M += 400) {
    double t = __enzyme_fwddiff((void *)mixed_loss, enzyme_dup, X, V, enzyme_const, M);
    snprintf(label, sizeof label, "4 KiB arrays, structs and a VLA (m = %d)", M);
    CHECK(label, t, along(F_mixed));
  }
  double t = __enzyme_fwddiff((void *)chain_loss, enzyme_dup, X, V);
  CHECK("a chain of 66 arrays of 4 KiB", t, along(F_chain));
  return ck_done();
}
