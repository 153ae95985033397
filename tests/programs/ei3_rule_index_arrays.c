// TEST: user rules (reverse and forward) on a sparse gather whose integer index array is passed with enzyme_const straight through the differentiated function (nothing there reads it, so type analysis knows nothing of its memory): the rules get the primal index array as its "shadow", as Enzyme passes it, because the ruled function's body reads only integers through it; a float weight table passed with enzyme_const the same way is refused (tests/errors/ei3_rule_const_float_pointer.c). Reverse, split and forward against finite differences and each other
#include "include/ck_array.h"
#include "include/ck_split.h"

#define HIDE(v) __asm__ volatile("" : "+m"(v))

__attribute__((noinline)) double gsum(const int *idx, const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += x[idx[i]] * x[idx[i]] * (1.0 + 0.1 * i);
  HIDE(s);
  return s;
}
static int BAD_SHADOW;
double gsum_aug(const int *idx, const int *didx, const double *x, const double *dx, int n, int ns) {
  (void)dx, (void)ns;
  if (didx != idx) BAD_SHADOW++;
  double s = 0.0;
  for (int i = 0; i < n; i++) s += x[idx[i]] * x[idx[i]] * (1.0 + 0.1 * i);
  return s;
}
void gsum_rev(const int *idx, const int *didx, const double *x, double *dx, int n, int ns, double d) {
  (void)didx, (void)ns;
  for (int i = 0; i < n; i++) dx[idx[i]] += 2.0 * x[idx[i]] * (1.0 + 0.1 * i) * d;
}
void *__enzyme_register_gradient_gsum[] = {(void *)gsum, (void *)gsum_aug, (void *)gsum_rev};
typedef struct {
  double p, t;
} dual;
dual gsum_fwd(const int *idx, const int *didx, const double *x, const double *dx, int n, int ns) {
  (void)ns;
  if (didx != idx) BAD_SHADOW++;
  dual r = {0.0, 0.0};
  for (int i = 0; i < n; i++) {
    r.p += x[idx[i]] * x[idx[i]] * (1.0 + 0.1 * i);
    r.t += 2.0 * x[idx[i]] * dx[idx[i]] * (1.0 + 0.1 * i);
  }
  return r;
}
void *__enzyme_register_derivative_gsum[] = {(void *)gsum, (void *)gsum_fwd};

#define N 5
#define M 7
__attribute__((noinline)) double model(const int *idx, const double *x) {
  double s = 0.0;
  for (int k = 0; k < 3; k++) s += sin(gsum(idx + k, x, M - k) * 0.1 * (k + 1)) + x[k] * gsum(idx, x, 2);
  return s;
}
static const int IDX[M] = {4, 0, 2, 2, 1, 4, 3};
static double obj(double *x) { return model(IDX, x); }

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
ck_aug __enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);

int main(void) {
  double x[N] = {0.5, -1.25, 0.75, 0.3, -0.6}, dx[N] = {0};
  __enzyme_autodiff((void *)model, enzyme_const, IDX, enzyme_dup, x, dx);
  ck_gradient("gather rule, const index array", dx, obj, x, N);
  double ds[N] = {0};
  ck_aug a = __enzyme_augmentfwd((void *)model, enzyme_const, IDX, enzyme_dup, x, ds);
  CHECK_PRIMAL("split primal", a.primal, obj(x));
  __enzyme_reverse((void *)model, enzyme_const, IDX, enzyme_dup, x, ds, 1.0, a.tape);
  for (int i = 0; i < N; i++) {
    char lab[64];
    snprintf(lab, sizeof lab, "split gather rule: d/dx[%d]", i);
    CHECK(lab, ds[i], dx[i]);
  }
  double v[N] = {0.3, -0.2, 1.0, 0.5, -0.7};
  double jv = __enzyme_fwddiff((void *)model, enzyme_const, IDX, enzyme_dup, x, v);
  double one = 1.0;
  ck_dot_test("gather rule fwd vs rev", &one, &jv, 1, dx, v, N);
  CHECK("the index array's shadow is the array itself", BAD_SHADOW, 0);
  return ck_done();
}
