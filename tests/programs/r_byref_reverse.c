// TEST: enzyme_byref in reverse mode: an enzyme_out double read through a pointer (its gradient returned as without the marker), a dup pointer and an enzyme_const double by reference, at enzyme_width 2; split mode with the parameters and __enzyme_reverse's differential return by reference (a double, and a struct {double, double} as in Enzyme's myblas test), at enzyme_width 2 with enzyme_interleave, __enzyme_augmentsize with the marker; gradients against finite differences and the dot-product test against forward mode
#include "include/ck_array.h"
#include "include/ck_split.h"

extern int enzyme_byref, enzyme_width, enzyme_interleave;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
double __enzyme_reverse(void *, ...);
void __enzyme_reverse_void(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);

typedef struct {
  double d[2];
} lanes2;
typedef struct {
  double s[2];
} seeds2;
lanes2 __enzyme_autodiff_w2(void *, ...);

/* g(x, p, a) with p pointing to two doubles. */
__attribute__((noinline)) static double g(double x, const double *p, double a) {
  return a * x * p[0] + sin(x * p[1]) + p[0] * p[0];
}

typedef struct {
  double re, im;
} cplx;
typedef struct {
  void *tape;
  cplx r;
} aug_cplx;
aug_cplx __enzyme_augmentfwd_cplx(void *, ...);

/* A complex dot product of n complex numbers with a fixed vector, as Enzyme's myblas test. */
__attribute__((noinline)) static cplx cdot(const cplx *v, int n) {
  cplx r = {0.0, 0.0};
  for (int i = 0; i < n; i++) {
    double wr = 0.5 + i, wi = 1.0 - 0.25 * i;
    r.re += v[i].re * wr - v[i].im * wi;
    r.im += v[i].re * wi + v[i].im * wr + 0.1 * v[i].re * v[i].re;
  }
  return r;
}

static const double A = 1.7;
/* Objective over (x, p0, p1). */
static double F_g(double *z) {
  double p[2] = {z[1], z[2]};
  return g(z[0], p, A);
}
#define NC 3
static const cplx SEED = {0.8, -1.3};
static double F_cdot(double *z) {
  cplx v[NC];
  for (int i = 0; i < NC; i++) v[i] = (cplx){z[2 * i], z[2 * i + 1]};
  cplx r = cdot(v, NC);
  return SEED.re * r.re + SEED.im * r.im;
}

int main(void) {
  double z[3] = {0.6, -0.4, 1.1};
  double x = z[0], a = A;
  const double *p = &z[1];
  double grad[3];

  /* Combined: x active (enzyme_out) by reference, p dup by reference, a const by reference. */
  {
    double dp[2] = {0.0, 0.0};
    grad[0] = __enzyme_autodiff((void *)g, enzyme_byref, sizeof x, enzyme_out, &x, enzyme_byref, sizeof p, enzyme_dup, &p, dp,
                                enzyme_const, enzyme_byref, sizeof a, &a);
    grad[1] = dp[0];
    grad[2] = dp[1];
    ck_gradient("combined, by reference", grad, F_g, z, 3);

    /* Dot-product test against forward mode, also by reference. */
    double v[3] = {0.3, -0.7, 0.45}, w = 1.6;
    double jv = __enzyme_fwddiff((void *)g, enzyme_byref, sizeof x, enzyme_dup, &x, v[0], enzyme_byref, sizeof p, enzyme_dup,
                                 &p, &v[1], enzyme_byref, sizeof a, enzyme_const, &a);
    double wgrad[3] = {w * grad[0], w * grad[1], w * grad[2]};
    ck_dot_test("combined vs forward", &w, &jv, 1, wgrad, v, 3);
  }

  /* Width 2: the primal by reference, two shadows of p; the two lanes of x's gradient. */
  {
    double dp0[2] = {0.0, 0.0}, dp1[2] = {0.0, 0.0};
    lanes2 gx = __enzyme_autodiff_w2((void *)g, enzyme_width, 2, enzyme_byref, sizeof x, enzyme_out, &x, enzyme_dup, p, dp0,
                                     dp1, enzyme_const, a);
    /* Every lane's seed is 1.0: each lane holds the whole gradient. */
    double l0[3] = {gx.d[0], dp0[0], dp0[1]}, l1[3] = {gx.d[1], dp1[0], dp1[1]};
    ck_gradient("width 2 lane 0", l0, F_g, z, 3);
    ck_gradient("width 2 lane 1", l1, F_g, z, 3);
  }

  /* Split mode: parameters and the differential return by reference. */
  {
    double dp[2] = {0.0, 0.0}, dret = 2.5;
    ck_aug au = __enzyme_augmentfwd((void *)g, enzyme_byref, sizeof x, enzyme_out, &x, enzyme_dup, p, dp, enzyme_const,
                                    enzyme_byref, sizeof a, &a);
    CHECK_PRIMAL("split: primal", au.primal, g(z[0], p, A));
    double gx = __enzyme_reverse((void *)g, enzyme_byref, sizeof x, enzyme_out, &x, enzyme_dup, p, dp, enzyme_const, a,
                                 enzyme_byref, sizeof dret, &dret, au.tape);
    double sg[3] = {gx / dret, dp[0] / dret, dp[1] / dret};
    ck_gradient("split, dret by reference", sg, F_g, z, 3);
  }

  /* Split mode at width 2 with enzyme_interleave: x constant by reference, p's two shadows after
     the marker, the differential returns (one struct of the lanes) and the tape before it. */
  {
    double dp0[2] = {0.0, 0.0}, dp1[2] = {0.0, 0.0};
    ck_aug au = __enzyme_augmentfwd((void *)g, enzyme_width, 2, enzyme_byref, sizeof x, enzyme_const, &x, enzyme_dup, p,
                                    enzyme_const, a, enzyme_interleave, dp0, dp1);
    CHECK_PRIMAL("split width 2: primal", au.primal, g(z[0], p, A));
    seeds2 seeds = {{1.0, 2.0}};
    __enzyme_reverse_void((void *)g, enzyme_width, 2, enzyme_byref, sizeof x, enzyme_const, &x, enzyme_dup, p, enzyme_const, a,
                          seeds, au.tape, enzyme_interleave, dp0, dp1);
    double l0[2] = {dp0[0], dp0[1]}, l1[2] = {dp1[0] / 2.0, dp1[1] / 2.0};
    char label[96];
    for (int i = 0; i < 2; i++) {
      snprintf(label, sizeof label, "split width 2 interleaved lane 0: d/dp[%d]", i);
      CHECK(label, l0[i], ck_fd_partial(F_g, z, 1 + i));
      snprintf(label, sizeof label, "split width 2 interleaved lane 1 / 2: d/dp[%d]", i);
      CHECK(label, l1[i], ck_fd_partial(F_g, z, 1 + i));
    }
  }

  /* Split mode on a struct result: the differential return as a pointer to the C struct, and
     __enzyme_augmentsize with the marker (it takes no values). */
  {
    double zc[2 * NC] = {0.3, -0.2, 1.1, 0.5, -0.7, 0.9};
    cplx *v = (cplx *)zc;
    cplx dv[NC] = {{0}};
    int n = NC;
    int size = __enzyme_augmentsize((void *)cdot, enzyme_dup, enzyme_byref, sizeof n, enzyme_const);
    CHECK_PRIMAL("augmentsize with enzyme_byref is at least 0", size >= 0, 1);
    aug_cplx au = __enzyme_augmentfwd_cplx((void *)cdot, enzyme_dup, v, dv, enzyme_const, enzyme_byref, sizeof n, &n);
    cplx r = cdot(v, NC);
    CHECK_PRIMAL("cdot split: primal re", au.r.re, r.re);
    CHECK_PRIMAL("cdot split: primal im", au.r.im, r.im);
    cplx seed = SEED;
    __enzyme_reverse_void((void *)cdot, enzyme_dup, v, dv, enzyme_const, n, enzyme_byref, sizeof seed, &seed, au.tape);
    ck_gradient("cdot split, struct dret by reference", (double *)dv, F_cdot, zc, 2 * NC);
  }
  return ck_done();
}
