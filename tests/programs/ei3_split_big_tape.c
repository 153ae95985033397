// TEST: split mode with a tape of non-trivial size: a 200-step explicit integrator whose every step needs saved nonlinear values (sin, exp, a division, a data-dependent branch), run through __enzyme_augmentfwd with the default tape and with a caller tape of __enzyme_augmentsize bytes (a fixed trip count), a data-dependent trip count (the loop stops when the state leaves a box) with a heap array allocated inside and kept for the reverse pass, and the same tape reversed twice with enzyme_nofree; against finite differences and combined mode
#include "include/ck_array.h"
#include "include/ck_split.h"

#define D 3
#define STEPS 200

__attribute__((noinline)) double integrate(double *s, double k) {
  double e = 0.0;
  for (int t = 0; t < STEPS; t++) {
    double a = sin(s[1]) * k, b = exp(-0.1 * s[0] * s[0]);
    double c = s[2] / (1.0 + s[0] * s[0]);
    double ds0 = a - 0.2 * s[0], ds1 = b * s[2] - 0.1 * s[1], ds2 = c > 0.0 ? -c * 0.5 : c * 0.3 - s[2] * 0.05;
    s[0] += 0.01 * ds0;
    s[1] += 0.01 * ds1;
    s[2] += 0.01 * ds2;
    e += 0.01 * (s[0] * s[0] + a * b);
  }
  return e;
}

/* a data-dependent trip count and a heap history kept for the reverse pass */
__attribute__((noinline)) double until_out(const double *x, double lim) {
  double *hist = malloc(1000 * sizeof(double));
  double p = x[0], q = x[1];
  int n = 0;
  while (fabs(p) < lim && n < 1000) {
    double np = p + 0.05 * q * cos(p);
    q = q * 0.99 + 0.05 * sin(p) * x[2];
    p = np;
    hist[n++] = p * q;
  }
  double s = 0.0;
  for (int i = 0; i < n; i++) s += hist[i] * (i % 7 == 0 ? 1.0 : 0.01);
  free(hist);
  return s + p;
}

static double K = 1.7;
static double int_obj(double *x) {
  double s[D];
  memcpy(s, x, sizeof s);
  return integrate(s, K) + 0.5 * s[0] - 0.25 * s[2];
}
static double until_obj(double *x) { return until_out(x, 3.0); }

double __enzyme_autodiff(void *, ...);
void __enzyme_augmentfwd_v(void *, ...) __asm__("__enzyme_augmentfwd");
ck_aug __enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);

int main(void) {
  double x0[D] = {0.4, -0.3, 0.8};
  char lab[64];
  /* default tape */
  double s[D], ds[D];
  memcpy(s, x0, sizeof s);
  ck_aug a = __enzyme_augmentfwd((void *)integrate, enzyme_dup, s, ds, enzyme_const, K);
  CHECK_PRIMAL("integrate primal", a.primal, int_obj(x0) - 0.5 * s[0] + 0.25 * s[2]);
  ds[0] = 0.5;
  ds[1] = 0.0;
  ds[2] = -0.25;
  __enzyme_reverse((void *)integrate, enzyme_dup, s, ds, enzyme_const, K, 1.0, a.tape);
  ck_gradient("integrate, default tape", ds, int_obj, x0, D);

  /* caller tape of the size the augmented pass reports */
  int size = __enzyme_augmentsize((void *)integrate, enzyme_dup, enzyme_const);
  char *tape = malloc(size > 0 ? (size_t)size : 1);
  double s2[D], ds2[D] = {0};
  memcpy(s2, x0, sizeof s2);
  __enzyme_augmentfwd_v((void *)integrate, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, s2, ds2,
                        enzyme_const, K);
  ds2[0] = 0.5;
  ds2[2] = -0.25;
  __enzyme_reverse((void *)integrate, enzyme_allocated, size, enzyme_tape, tape, enzyme_dup, s2, ds2, enzyme_const,
                   K, 1.0);
  free(tape);
  for (int i = 0; i < D; i++) {
    snprintf(lab, sizeof lab, "caller tape vs default: d/dx[%d]", i);
    CHECK(lab, ds2[i], ds[i]);
  }

  /* data-dependent trip count, tape reversed twice */
  double x[D] = {0.2, 0.9, 1.1}, dx1[D] = {0}, dx2[D] = {0}, dxc[D] = {0};
  ck_aug b = __enzyme_augmentfwd((void *)until_out, enzyme_nofree, enzyme_dup, x, dx1, enzyme_const, 3.0);
  CHECK_PRIMAL("until_out primal", b.primal, until_obj(x));
  __enzyme_reverse((void *)until_out, enzyme_nofree, enzyme_dup, x, dx1, enzyme_const, 3.0, 1.0, b.tape);
  __enzyme_reverse((void *)until_out, enzyme_dup, x, dx2, enzyme_const, 3.0, 2.0, b.tape);
  ck_gradient("until_out split", dx1, until_obj, x, D);
  __enzyme_autodiff((void *)until_out, enzyme_dup, x, dxc, enzyme_const, 3.0);
  for (int i = 0; i < D; i++) {
    snprintf(lab, sizeof lab, "until_out second reverse (seed 2): d/dx[%d]", i);
    CHECK(lab, dx2[i], 2.0 * dxc[i]);
  }
  return ck_done();
}
