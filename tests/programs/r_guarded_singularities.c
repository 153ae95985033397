// TEST: reverse mode through guards that -O1 and above turn into selects computing both arms (normalizing a vector that may vanish, a quotient guarded by its denominator, log and pow guarded by the sign, in a loop LLVM vectorizes): at the guarded point the gradient is exactly zero, not NaN from the untaken arm's 0·∞, and elsewhere it matches finite differences and forward mode
#include "include/catalase_check.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
extern int enzyme_dup, enzyme_const, enzyme_out;

#define EPS 1e-12

static void normalize(const double *v, double *n) {
  double len = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  if (len <= EPS) {
    n[0] = 1.0, n[1] = 0.0, n[2] = 0.0;
    return;
  }
  double inv = 1.0 / len;
  for (int i = 0; i < 3; i++) n[i] = v[i] * inv;
}

/* A weighted sum of the unit vector. */
static double unit_weighted(const double *v) {
  double n[3];
  normalize(v, n);
  return n[0] + 2.0 * n[1] - 3.0 * n[2];
}

/* Guarded quotients, logarithms and powers over an array (vectorized at -O2 and above). */
static double guarded_sum(const double *a, const double *b, int len) {
  double s = 0.0;
  for (int i = 0; i < len; i++) {
    double q = b[i] != 0.0 ? a[i] / b[i] : 0.0;
    double l = a[i] > 0.0 ? log(a[i]) * b[i] : 0.0;
    double p = b[i] > 0.0 ? pow(b[i], 0.5) * a[i] : 0.0;
    s += q + l + p;
  }
  return s;
}

enum { LEN = 9 };
static double A[LEN] = {0.5, 0.3, 1.5, -0.7, 2.0, 0.4, 0.9, 1.1, -1.3};
static double B[LEN] = {0.0, 1.2, -0.4, 0.0, 0.8, 0.0, 1.7, 0.0, 0.6};
static int K;
static double along_a(double x) {
  double keep = A[K], r;
  A[K] = x;
  r = guarded_sum(A, B, LEN);
  A[K] = keep;
  return r;
}
static double along_b(double x) {
  double keep = B[K], r;
  B[K] = x;
  r = guarded_sum(A, B, LEN);
  B[K] = keep;
  return r;
}

static double V[3];
static int J;
static double along_v(double x) {
  double keep = V[J], r;
  V[J] = x;
  r = unit_weighted(V);
  V[J] = keep;
  return r;
}

int main(void) {
  char name[80];
  /* At the origin the guard holds in a whole neighbourhood: the gradient is exactly zero. */
  double origin[3] = {0.0, 0.0, 0.0}, g[3] = {0.0, 0.0, 0.0};
  __enzyme_autodiff((void *)unit_weighted, enzyme_dup, origin, g);
  for (int j = 0; j < 3; j++) {
    snprintf(name, sizeof name, "d unit_weighted/dv%d at the origin", j);
    CHECK(name, g[j], 0.0);
  }
  /* Away from it: finite differences, and forward mode. */
  const double vs[2][3] = {{3.0, -4.0, 12.0}, {-0.02, 0.005, 0.031}};
  for (int c = 0; c < 2; c++) {
    double gv[3] = {0.0, 0.0, 0.0};
    for (int j = 0; j < 3; j++) V[j] = vs[c][j];
    __enzyme_autodiff((void *)unit_weighted, enzyme_dup, V, gv);
    for (int j = 0; j < 3; j++) {
      double dv[3] = {0.0, 0.0, 0.0};
      dv[j] = 1.0;
      J = j;
      snprintf(name, sizeof name, "d unit_weighted/dv%d, case %d", j, c);
      CHECK(name, gv[j], ck_fd1(along_v, V[j]));
      snprintf(name, sizeof name, "reverse = forward, dv%d, case %d", j, c);
      CHECK(name, gv[j], __enzyme_fwddiff((void *)unit_weighted, enzyme_dup, V, dv));
    }
  }
  /* The array: each element away from its guards' edges is checked by finite differences;
   * where b = 0 the quotient's arm is untaken for every nearby a, so d/da has no 0·∞ in it. */
  double ga[LEN] = {0}, gb[LEN] = {0};
  __enzyme_autodiff((void *)guarded_sum, enzyme_dup, A, ga, enzyme_dup, B, gb, enzyme_const, LEN);
  for (int k = 0; k < LEN; k++) {
    K = k;
    snprintf(name, sizeof name, "d guarded_sum/da[%d]", k);
    CHECK(name, ga[k], ck_fd1(along_a, A[k]));
    if (B[k] != 0.0) {
      snprintf(name, sizeof name, "d guarded_sum/db[%d]", k);
      CHECK(name, gb[k], ck_fd1(along_b, B[k]));
    } else {
      /* b = 0: the derivative of what the taken arms compute (the log term's a-weight, or 0). */
      snprintf(name, sizeof name, "d guarded_sum/db[%d] at b = 0", k);
      CHECK(name, gb[k], A[k] > 0.0 ? log(A[k]) : 0.0);
    }
  }
  return ck_done();
}
