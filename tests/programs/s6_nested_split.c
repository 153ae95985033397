// TEST: split mode inside differentiated code (higher order, ABI §1 nested use): a function computes a gradient with __enzyme_augmentfwd and __enzyme_reverse (default tape, and a caller tape of __enzyme_augmentsize bytes on its stack) and returns a weighted sum of it; that function is itself differentiated by __enzyme_autodiff and __enzyme_fwddiff, giving Hessian-vector products; against finite differences of the inner gradient and symmetric with each other (dot-product test)
#include "include/ck_array.h"
#include "include/ck_split.h"

ck_aug __enzyme_augmentfwd(void *, ...);
double __enzyme_augmentfwd_d(void *, ...) __asm__("__enzyme_augmentfwd");
void __enzyme_reverse(void *, ...);
void __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 4

static double energy(const double *x) {
  double e = 0.0;
  for (int i = 0; i < N; i++) e += x[i] * x[i] * x[(i + 1) % N] + sin(x[i]) * x[(i + 2) % N];
  return e;
}

static const double W[N] = {0.6, -1.0, 0.3, 0.8};

/* <W, grad energy(x)> through split mode with the default tape */
__attribute__((noinline)) static double wgrad(const double *x) {
  double xc[N], g[N] = {0};
  memcpy(xc, x, sizeof xc);
  ck_aug a = __enzyme_augmentfwd((void *)energy, enzyme_dup, xc, g);
  __enzyme_reverse((void *)energy, enzyme_dup, xc, g, 1.0, a.tape);
  double s = 0.0;
  for (int i = 0; i < N; i++) s += W[i] * g[i];
  return s;
}

/* the same with a caller tape on the stack */
__attribute__((noinline)) static double wgrad_caller(const double *x) {
  double xc[N], g[N] = {0};
  memcpy(xc, x, sizeof xc);
  char tape[__enzyme_augmentsize((void *)energy, enzyme_dup)];
  __enzyme_augmentfwd_d((void *)energy, enzyme_allocated, __enzyme_augmentsize((void *)energy, enzyme_dup), enzyme_tape,
                        tape, enzyme_dup, xc, g);
  __enzyme_reverse((void *)energy, enzyme_allocated, __enzyme_augmentsize((void *)energy, enzyme_dup), enzyme_tape, tape,
                   enzyme_dup, xc, g, 1.0);
  double s = 0.0;
  for (int i = 0; i < N; i++) s += W[i] * g[i];
  return s;
}

static double F_w(double *x) { return wgrad(x); }

int main(void) {
  double x[N] = {0.5, -0.7, 1.1, 0.3}, xr[N];
  memcpy(xr, x, sizeof xr);
  /* the inner gradient itself */
  {
    double h = 0.0;
    for (int i = 0; i < N; i++) {
      double e = 1e-5, xp[N], xm[N];
      memcpy(xp, x, sizeof xp), memcpy(xm, x, sizeof xm);
      xp[i] += e, xm[i] -= e;
      h += W[i] * (energy(xp) - energy(xm)) / (2 * e);
    }
    CHECK("inner split gradient . W", wgrad(x), h);
    CHECK("inner split gradient . W (caller tape)", wgrad_caller(x), h);
  }
  /* Hessian times W by reverse over split */
  double hw[N] = {0}, hw2[N] = {0};
  __enzyme_autodiff((void *)wgrad, enzyme_dup, x, hw);
  ck_gradient("H W by reverse over split", hw, F_w, xr, N);
  __enzyme_autodiff((void *)wgrad_caller, enzyme_dup, x, hw2);
  ck_gradient("H W by reverse over split (caller tape)", hw2, F_w, xr, N);
  /* forward over split: (H W) . v */
  double v[N] = {0.2, 0.9, -0.4, 0.5}, dx[N];
  memcpy(dx, v, sizeof dx);
  double hv = __enzyme_fwddiff((void *)wgrad, enzyme_dup, x, dx);
  double one = 1.0;
  ck_dot_test("forward over split vs reverse over split", &one, &hv, 1, hw, v, N);
  memcpy(dx, v, sizeof dx);
  double hv2 = __enzyme_fwddiff((void *)wgrad_caller, enzyme_dup, x, dx);
  CHECK("forward over split (caller tape)", hv2, hv);
  return ck_done();
}
